-- Insights (owner: insights/, issue 17): the maintained rollups (reason facts, the ranked save list,
-- figures by zone), an index the overview reads by, and the dashboard's login sessions.

-- The overview: the last week's alerts (movement between zones, the latest alerts).
CREATE INDEX alerts_as_of_idx ON alerts (as_of);

-- The payments page reads cases by when they opened through dunning's dunning_cases_opened_idx (0018).

-- A dashboard session: made by logging in with an API key; the cookie holds the token, the row its
-- hash. It lasts until it expires or its key is revoked (checked on every request).
CREATE TABLE insight_sessions (
  token_hash  text PRIMARY KEY,
  csrf        text NOT NULL,
  actor       text NOT NULL,
  role        text NOT NULL,
  key_id      text,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
-- expired sessions are deleted by the insights due work
CREATE INDEX insight_sessions_expires_idx ON insight_sessions (expires_at);

-- Maintained rollups (refreshed by the insights due work every minute, and by a read that finds them
-- older than a minute): one row per churn reason with the account context the filters need, so a
-- rollup reads one narrow table by period instead of joining the accounts and conversations.
CREATE TABLE insight_reason_facts (
  reason_id        text PRIMARY KEY,
  account_id       text NOT NULL,
  captured_at      timestamptz NOT NULL,
  category         text NOT NULL,
  detail           text NOT NULL,
  competitor       text,
  feature          text,
  voluntary        boolean NOT NULL,
  channel          text,
  lang             text,
  conversation_id  text,
  segment          text,
  plan             text,
  owner_id         text,
  mrr_minor        bigint NOT NULL,
  churned          boolean NOT NULL
);
-- a period of a few weeks is read by this index; a quarter and its previous one is most of the table,
-- read whole (a covering index would double the writes of a refresh for no gain there)
CREATE INDEX insight_reason_facts_period_idx ON insight_reason_facts (captured_at);
-- the selective filters (a plan, an owner, a segment, a category) read their rows of the period only
CREATE INDEX insight_reason_facts_plan_idx ON insight_reason_facts (plan, captured_at);
CREATE INDEX insight_reason_facts_owner_idx ON insight_reason_facts (owner_id, captured_at);
CREATE INDEX insight_reason_facts_segment_idx ON insight_reason_facts (segment, captured_at);
CREATE INDEX insight_reason_facts_category_idx ON insight_reason_facts (category, detail, captured_at);

-- The save list, ranked: the active accounts in an at-risk zone or likely to churn.
CREATE TABLE insight_save_list (
  account_id   text PRIMARY KEY,
  rank         integer NOT NULL,
  value_minor  bigint NOT NULL,
  probability  double precision,
  prior        boolean,
  score        smallint NOT NULL,
  zone         text NOT NULL,
  at_risk      boolean NOT NULL,
  owner_id     text
);
CREATE INDEX insight_save_list_rank_idx ON insight_save_list (rank);

-- Active accounts and MRR by zone.
CREATE TABLE insight_zone_figures (
  zone       text PRIMARY KEY,
  at_risk    boolean NOT NULL,
  accounts   integer NOT NULL,
  mrr_minor  bigint NOT NULL,
  min_score  smallint NOT NULL
);

-- When the maintained rollups were last refreshed (one row).
CREATE TABLE insight_refresh (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  refreshed_at  timestamptz NOT NULL
);
