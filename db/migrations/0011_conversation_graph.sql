-- The conversation graph (owner: agent/, issue 10). Live conversations add to the tables of 0003:
-- the prompt version they ran, the NPS heard, each turn's delivery id (a turn delivered twice is
-- stored once), the tools the agent called, approvals a person must give, the actions taken and
-- their outcomes 30 days later. The LangGraph checkpoints live in their own schema
-- (agent_checkpoints), created by the checkpointer itself.

ALTER TABLE conversations ADD COLUMN prompt_version text;
ALTER TABLE conversations ADD COLUMN nps smallint CHECK (nps BETWEEN 0 AND 10);
-- the customer's own words for the score (the "why"), when they gave one
ALTER TABLE conversations ADD COLUMN nps_comment text;
-- what became of the conversation's action (CONTRACTS.md section 8), filled in by due work
ALTER TABLE conversations ADD COLUMN outcome text;
CREATE INDEX conversations_status_idx ON conversations (status, started_at DESC);

-- The channel's id for a customer turn (CallSid+seq, MessageSid): the same delivery is stored once.
ALTER TABLE turns ADD COLUMN event_id text;
ALTER TABLE turns ADD CONSTRAINT turns_event_uniq UNIQUE (conversation_id, event_id);
-- an agent turn the customer barged into: its text was cut to what they heard
ALTER TABLE turns ADD COLUMN interrupted boolean NOT NULL DEFAULT false;

-- Every tool the agent asked for, with the policy's answer: what ran, what was refused and why.
CREATE TABLE tool_calls (
  id               text PRIMARY KEY,
  conversation_id  text NOT NULL REFERENCES conversations (id),
  -- the customer turn it answered
  turn_seq         integer NOT NULL,
  name             text NOT NULL,
  arguments        jsonb NOT NULL,
  status           text NOT NULL CHECK (status IN ('done', 'refused', 'invalid', 'failed', 'approval')),
  -- what the tool returned, or why it was refused
  result           jsonb NOT NULL DEFAULT '{}',
  at               timestamptz NOT NULL,
  -- a turn replayed after a restart calls its tools again: they are stored once
  UNIQUE (conversation_id, turn_seq, name)
);

-- Offers above the agent's limits wait here for a CSM (POST /v1/approvals/:id).
CREATE TABLE approvals (
  id               text PRIMARY KEY,
  conversation_id  text NOT NULL REFERENCES conversations (id),
  account_id       text NOT NULL REFERENCES accounts (id),
  kind             text NOT NULL CHECK (kind IN ('discount', 'pause')),
  -- {percent, months} for a discount, {months} for a pause
  terms            jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  task_id          text REFERENCES tasks (id),
  decided_by       text,
  decided_at       timestamptz,
  created_at       timestamptz NOT NULL,
  UNIQUE (conversation_id, kind),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX approvals_status_idx ON approvals (status, created_at);

-- The one record of opt-outs and do-not-contact (owner: agent/policy/, written only by suppress()).
CREATE TABLE suppressions (
  id          text PRIMARY KEY,
  contact_id  text REFERENCES contacts (id),
  phone       text,
  -- null: every channel
  channel     text CHECK (channel IN ('voice', 'sms', 'email')),
  reason      text NOT NULL CHECK (reason IN ('opt_out_keyword', 'do_not_contact', 'carrier_block', 'admin')),
  at          timestamptz NOT NULL,
  created_at  timestamptz NOT NULL,
  CHECK ((contact_id IS NULL) <> (phone IS NULL))
);
CREATE INDEX suppressions_contact_idx ON suppressions (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX suppressions_phone_idx ON suppressions (phone) WHERE phone IS NOT NULL;

-- What the agent did for an account (a conversation held), and when its outcome is due.
CREATE TABLE actions (
  id                 text PRIMARY KEY,
  account_id         text NOT NULL REFERENCES accounts (id),
  conversation_id    text REFERENCES conversations (id) UNIQUE,
  kind               text NOT NULL,
  -- the account was at risk when the action was taken: only then can it be "saved"
  at_risk            boolean NOT NULL,
  at                 timestamptz NOT NULL,
  outcome_due_at     timestamptz NOT NULL,
  outcome_claimed_at timestamptz
);
CREATE INDEX actions_outcome_due_idx ON actions (outcome_due_at) WHERE outcome_claimed_at IS NULL;

-- CONTRACTS.md section 8: what became of each action; the churn model trains on these rows.
CREATE TABLE outcomes (
  id          text PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts (id),
  action_id   text REFERENCES actions (id) UNIQUE,
  kind        text NOT NULL CHECK (kind IN ('replied', 'saved', 'churned', 'recovered', 'renewed', 'no_response')),
  at          timestamptz NOT NULL,
  evidence    jsonb NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX outcomes_account_idx ON outcomes (account_id, at);
