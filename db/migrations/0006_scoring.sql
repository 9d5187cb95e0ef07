-- Scoring (owner: scoring/): the score configuration by version, what the analyzers said about the
-- customer's words, every score row with its components, and the current score per account.

CREATE TABLE score_config_versions (
  version     integer PRIMARY KEY CHECK (version >= 1),
  preset      text NOT NULL,
  weights     jsonb NOT NULL,
  zones       jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  created_by  text NOT NULL
);

-- Published on behalf of agent/ (its turns and conversations): the customer's own words, with the
-- account they belong to. Scoring reads turns only through this view.
CREATE VIEW v_customer_turns AS
  SELECT t.id AS turn_id, t.conversation_id, c.account_id, t.text, coalesce(t.lang, c.lang) AS lang, t.at
  FROM turns t JOIN conversations c ON c.id = t.conversation_id
  WHERE t.role = 'customer';

-- One row per customer text scoring listens to (a turn, a CSM's note, an NPS comment), analysed once.
-- Signal families come from the mapping table of agent/contracts/turn-analysis.ts.
CREATE TABLE text_analyses (
  source               text NOT NULL CHECK (source IN ('turn', 'note', 'nps')),
  source_id            text NOT NULL,
  account_id           text NOT NULL REFERENCES accounts (id),
  at                   timestamptz NOT NULL,
  -- when Tenure could first have known it (point-in-time scores use it)
  known_at             timestamptz NOT NULL,
  sentiment            real NOT NULL CHECK (sentiment BETWEEN -1 AND 1),
  risk_families        text[] NOT NULL,
  signal_families      text[] NOT NULL,
  cancellation_intent  boolean NOT NULL,
  formality            text NOT NULL,
  features             text[] NOT NULL,
  provider_version     text NOT NULL,
  -- the turn.analyzed event it came from; null when scoring asked the analyzer itself
  event_id             bigint,
  PRIMARY KEY (source, source_id)
);
CREATE INDEX text_analyses_account_idx ON text_analyses (account_id, at);

CREATE TABLE scores (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id        text NOT NULL REFERENCES accounts (id),
  as_of             timestamptz NOT NULL,
  score             smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
  zone              text NOT NULL,
  at_risk           boolean NOT NULL,
  escalate          boolean NOT NULL,
  based_on          smallint NOT NULL,
  components_total  smallint NOT NULL,
  -- {component: {score, weight, signals: [...]}}: the total recomputes from these and the config version
  components        jsonb NOT NULL,
  reason_codes      jsonb NOT NULL,
  config_version    integer NOT NULL REFERENCES score_config_versions (version),
  -- the newest received_at among the inputs it read: newer input makes the score stale
  inputs_through    timestamptz,
  kind              text NOT NULL CHECK (kind IN ('change', 'daily', 'backfill')),
  computed_at       timestamptz NOT NULL
);
CREATE INDEX scores_account_idx ON scores (account_id, as_of DESC, id DESC);
CREATE INDEX scores_as_of_idx ON scores (as_of);

-- The newest score of each account, kept beside the history so lists filter and sort by index.
CREATE TABLE current_scores (
  account_id      text PRIMARY KEY REFERENCES accounts (id),
  score_id        bigint NOT NULL REFERENCES scores (id),
  score           smallint NOT NULL,
  zone            text NOT NULL,
  as_of           timestamptz NOT NULL,
  -- the last time it was recomputed (unchanged scores are not written again), and the newest input it read
  checked_at      timestamptz NOT NULL,
  inputs_through  timestamptz,
  config_version  integer NOT NULL,
  -- what the score says (total, zone, component scores): a new row is written only when it changes
  fingerprint     text NOT NULL
);
CREATE INDEX current_scores_zone_idx ON current_scores (zone, score, account_id);
CREATE INDEX current_scores_score_idx ON current_scores (score, account_id);

-- Published for other capabilities (the account list's zone filter, the planner, insights).
CREATE VIEW v_current_scores AS
  SELECT c.account_id, c.score_id, c.score, c.zone, s.at_risk, s.escalate, s.based_on, s.components_total,
         s.components, s.reason_codes, s.config_version, s.as_of, c.checked_at, c.inputs_through
  FROM current_scores c JOIN scores s ON s.id = c.score_id;
