-- Alerts, escalations and overrides (owner: scoring/) and the notification delivery log (owner: insights/).

-- An alert: a zone transition or a steep drop of one account's score, raised set-based after each
-- batch of score writes. At most one a day per account: the unique day below makes a re-run, or two
-- batches racing, write one row.
CREATE TABLE alerts (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id           text NOT NULL,
  -- the UTC day of as_of: the daily rate limit
  day                  date NOT NULL,
  -- 'zone' (a zone transition) and/or 'trajectory' (a drop of N points within the window)
  kinds                text[] NOT NULL,
  score_id             bigint NOT NULL,
  as_of                timestamptz NOT NULL,
  score                smallint NOT NULL,
  zone                 text NOT NULL,
  -- zone alerts: the previous score row; trajectory alerts: the window's peak, which it dropped from
  previous_score       smallint NOT NULL,
  previous_zone        text NOT NULL,
  drop_points          smallint NOT NULL,
  -- the score's reason codes (the signals detected) and the dominant signal family and its suggestion
  signals              jsonb NOT NULL,
  signal_family        text,
  suggested_action     jsonb,
  owner_id             text,
  last_interaction_at  timestamptz,
  created_at           timestamptz NOT NULL,
  UNIQUE (account_id, day)
);
CREATE INDEX alerts_account_idx ON alerts (account_id, as_of DESC);

-- An escalation: the SOP opened when an account is likely to churn. At most one live per account.
CREATE TABLE escalations (
  id                text PRIMARY KEY,
  account_id        text NOT NULL,
  -- what opened it: 'zone' (the zone has escalate) or 'probability' (the churn predictor)
  trigger           text NOT NULL CHECK (trigger IN ('zone', 'probability')),
  probability       double precision,
  score_id          bigint NOT NULL,
  score             smallint NOT NULL,
  zone              text NOT NULL,
  signal_family     text,
  suggested_action  jsonb,
  csm_id            text,
  sponsor_id        text,
  -- open → resolved (the mitigation plan agreed); overridden while a CSM's override holds
  state             text NOT NULL CHECK (state IN ('open', 'overridden', 'resolved')),
  opened_at         timestamptz NOT NULL,
  closed_at         timestamptz
);
CREATE UNIQUE INDEX escalations_live_key ON escalations (account_id) WHERE state <> 'resolved';
CREATE INDEX escalations_account_idx ON escalations (account_id, opened_at DESC);
CREATE INDEX escalations_state_idx ON escalations (state, id);

-- Each step of the SOP: an owner, a due time (due work) and a state; each is a task in the owner's inbox.
CREATE TABLE escalation_steps (
  escalation_id  text NOT NULL REFERENCES escalations (id),
  step           text NOT NULL CHECK (step IN ('assign', 'root_cause_call', 'mitigation_plan')),
  position       smallint NOT NULL,
  owner_id       text,
  due_at         timestamptz NOT NULL,
  state          text NOT NULL CHECK (state IN ('pending', 'done', 'missed')),
  task_id        text,
  done_at        timestamptz,
  done_by        text,
  note           text,
  missed_at      timestamptz,
  PRIMARY KEY (escalation_id, step)
);
CREATE INDEX escalation_steps_due_idx ON escalation_steps (due_at) WHERE state = 'pending';

-- A CSM's downgrade of the risk: who, when, why, until when.
CREATE TABLE risk_overrides (
  id             text PRIMARY KEY,
  escalation_id  text NOT NULL REFERENCES escalations (id),
  account_id     text NOT NULL,
  reason_code    text NOT NULL,
  note           text NOT NULL,
  actor          text NOT NULL,
  member_id      text,
  at             timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  state          text NOT NULL CHECK (state IN ('active', 'expired')),
  expired_at     timestamptz
);
CREATE INDEX risk_overrides_due_idx ON risk_overrides (expires_at) WHERE state = 'active';
CREATE INDEX risk_overrides_escalation_idx ON risk_overrides (escalation_id, at DESC);

-- Notifications (owner: insights/): one message to one person, and its delivery per channel.
CREATE TABLE notifications (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the sender's own key: the same message handed over twice is stored once
  dedupe_key    text NOT NULL UNIQUE,
  source        text NOT NULL,
  kind          text NOT NULL,
  account_id    text,
  recipient_id  text,
  subject       text NOT NULL,
  body          text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  -- when its deliveries were made, one per channel configured then
  expanded_at   timestamptz
);
CREATE INDEX notifications_unexpanded_idx ON notifications (id) WHERE expanded_at IS NULL;

-- The delivery log: every attempt's outcome per channel. A row moves pending → sending (committed
-- before the network call) → sent | failed | skipped; a crash mid-send leaves it 'sending', never re-sent.
CREATE TABLE notification_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id  bigint NOT NULL REFERENCES notifications (id),
  channel          text NOT NULL CHECK (channel IN ('inbox', 'slack', 'email', 'sms')),
  state            text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts         integer NOT NULL DEFAULT 0,
  due_at           timestamptz NOT NULL,
  detail           text,
  sent_at          timestamptz,
  UNIQUE (notification_id, channel)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (due_at) WHERE state = 'pending';
CREATE INDEX notifications_account_idx ON notifications (account_id, id);
