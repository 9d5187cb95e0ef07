-- Conversations (owner: agent/, CONTRACTS.md sections 3 and 5): every call, SMS thread or text
-- session, its turns, and the churn reasons heard in them. The conversation graph extends these.

CREATE TABLE conversations (
  id              text PRIMARY KEY,
  account_id      text NOT NULL REFERENCES accounts (id),
  contact_id      text REFERENCES contacts (id),
  channel         text NOT NULL CHECK (channel IN ('voice', 'sms', 'text')),
  -- the play Tenure's agent ran; null for a conversation a person held (a past call with the CSM)
  play            text,
  direction       text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  handled_by      text NOT NULL CHECK (handled_by IN ('agent', 'person')),
  team_member_id  text REFERENCES team_members (id),
  topic           text CHECK (topic IN ('technical', 'strategic', 'other')),
  lang            text NOT NULL,
  status          text NOT NULL CHECK (status IN ('open', 'completed', 'failed')),
  started_at      timestamptz NOT NULL,
  ended_at        timestamptz,
  end_reason      text,
  summary         text,
  source          text NOT NULL CHECK (source IN ('agent', 'demo', 'api', 'csv')),
  created_at      timestamptz NOT NULL
);
CREATE INDEX conversations_account_idx ON conversations (account_id, started_at DESC);
CREATE INDEX conversations_contact_idx ON conversations (contact_id, started_at DESC);

-- The queryable record of what was said; the agent's checkpoint is its working state.
CREATE TABLE turns (
  id               text NOT NULL UNIQUE,
  conversation_id  text NOT NULL REFERENCES conversations (id),
  seq              integer NOT NULL CHECK (seq >= 0),
  role             text NOT NULL CHECK (role IN ('agent', 'customer')),
  text             text NOT NULL,
  lang             text,
  at               timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);

-- The category is checked by the ChurnReason schema (agent/contracts/churn-reason.ts), the one home
-- of the taxonomy, not repeated here.
CREATE TABLE churn_reasons (
  id               text PRIMARY KEY,
  account_id       text NOT NULL REFERENCES accounts (id),
  conversation_id  text REFERENCES conversations (id),
  turn_id          text REFERENCES turns (id),
  span_start       integer,
  span_end         integer,
  category         text NOT NULL,
  detail           text NOT NULL DEFAULT '',
  verbatim         text NOT NULL,
  competitor       text,
  feature          text,
  voluntary        boolean NOT NULL,
  sentiment        text NOT NULL,
  confidence       real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  source           text NOT NULL,
  status           text CHECK (status = 'disputed'),
  alternatives     jsonb,
  captured_at      timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  CHECK (source <> 'conversation' OR (conversation_id IS NOT NULL AND turn_id IS NOT NULL AND span_start IS NOT NULL AND span_end IS NOT NULL)),
  CHECK (span_start IS NULL OR (span_start >= 0 AND span_end >= span_start))
);
CREATE INDEX churn_reasons_account_idx ON churn_reasons (account_id, captured_at DESC);
CREATE INDEX churn_reasons_category_idx ON churn_reasons (category, captured_at);
CREATE INDEX churn_reasons_conversation_idx ON churn_reasons (conversation_id);

-- Published for set-based readers (scoring, insights): each reason with its account's context.
CREATE VIEW v_churn_reasons AS
  SELECT r.id, r.account_id, r.conversation_id, r.turn_id, r.span_start, r.span_end, r.category, r.detail,
         r.verbatim, r.competitor, r.feature, r.voluntary, r.sentiment, r.confidence, r.source, r.status,
         r.captured_at, c.channel, c.lang
  FROM churn_reasons r
  LEFT JOIN conversations c ON c.id = r.conversation_id;
