-- The planner and the outreach policy (issue 12): campaigns, every planner decision with its inputs,
-- scheduled outreach, and the log of outreach made (what the caps, the refusal cool-down and the
-- daily budget count).

-- A campaign: a play over a segment of accounts, planned as a dry run and sent only once approved.
CREATE TABLE campaigns (
  id           text PRIMARY KEY,
  play         text NOT NULL CHECK (play IN ('health_check', 'nps', 'win_back', 'payment_recovery')),
  channel      text NOT NULL CHECK (channel IN ('voice', 'sms')),
  segment      jsonb NOT NULL,
  status       text NOT NULL CHECK (status IN ('draft', 'approved')),
  planned_at   timestamptz NOT NULL,
  created_by   text NOT NULL,
  approved_by  text,
  approved_at  timestamptz,
  created_at   timestamptz NOT NULL,
  CHECK ((status = 'approved') = (approved_at IS NOT NULL))
);

-- Every decision the planner made, with what it saw: "why did Tenure call them?" has an answer.
CREATE TABLE planner_decisions (
  id             text PRIMARY KEY,
  account_id     text NOT NULL REFERENCES accounts (id),
  contact_id     text REFERENCES contacts (id),
  campaign_id    text REFERENCES campaigns (id),
  trigger        text NOT NULL CHECK (trigger IN ('on_demand', 'campaign', 'score_change', 'schedule', 'dunning', 'alert')),
  play           text,
  channel        text,
  purpose        text,
  decision       text NOT NULL CHECK (decision IN ('scheduled', 'blocked', 'no_play', 'planned')),
  scheduled_for  timestamptz,
  reasons        jsonb NOT NULL,
  inputs         jsonb NOT NULL,
  decided_at     timestamptz NOT NULL
);
CREATE INDEX planner_decisions_account_idx ON planner_decisions (account_id, decided_at DESC);
CREATE INDEX planner_decisions_campaign_idx ON planner_decisions (campaign_id, id) WHERE campaign_id IS NOT NULL;

-- Outreach to make: the send job of each channel claims the due rows and asks the policy again.
CREATE TABLE outreach (
  id             text PRIMARY KEY,
  account_id     text NOT NULL REFERENCES accounts (id),
  contact_id     text REFERENCES contacts (id),
  play           text NOT NULL,
  channel        text NOT NULL CHECK (channel IN ('voice', 'sms', 'email')),
  purpose        text NOT NULL CHECK (purpose IN ('transactional', 'service', 'marketing')),
  status         text NOT NULL CHECK (status IN ('scheduled', 'sent', 'blocked', 'cancelled')),
  scheduled_for  timestamptz,
  reasons        jsonb NOT NULL DEFAULT '[]',
  decision_id    text NOT NULL REFERENCES planner_decisions (id),
  campaign_id    text REFERENCES campaigns (id),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  CHECK ((status = 'scheduled') <= (scheduled_for IS NOT NULL))
);
CREATE INDEX outreach_due_idx ON outreach (scheduled_for) WHERE status = 'scheduled';
CREATE INDEX outreach_account_idx ON outreach (account_id, created_at DESC, id DESC);
CREATE INDEX outreach_campaign_idx ON outreach (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX outreach_decision_idx ON outreach (decision_id);
-- one live outreach per account and play: planning twice never calls twice
CREATE UNIQUE INDEX outreach_live_play_uniq ON outreach (account_id, play) WHERE status = 'scheduled';

-- Outreach made: one row per call placed or text sent, answered or not, written in the send job's
-- transaction right after the policy said yes. `result` is filled in when the channel knows it.
CREATE TABLE outreach_log (
  id           text PRIMARY KEY,
  outreach_id  text REFERENCES outreach (id),
  account_id   text NOT NULL REFERENCES accounts (id),
  contact_id   text REFERENCES contacts (id),
  phone        text,
  play         text,
  channel      text NOT NULL CHECK (channel IN ('voice', 'sms', 'email')),
  purpose      text NOT NULL CHECK (purpose IN ('transactional', 'service', 'marketing')),
  at           timestamptz NOT NULL,
  result       text CHECK (result IN ('answered', 'no_answer', 'voicemail', 'refused', 'delivered', 'failed')),
  created_at   timestamptz NOT NULL
);
-- a scheduled outreach is made once, however often its send job runs
CREATE UNIQUE INDEX outreach_log_outreach_uniq ON outreach_log (outreach_id) WHERE outreach_id IS NOT NULL;
CREATE INDEX outreach_log_account_idx ON outreach_log (account_id, at DESC);
CREATE INDEX outreach_log_phone_idx ON outreach_log (phone, at DESC) WHERE phone IS NOT NULL;
CREATE INDEX outreach_log_at_idx ON outreach_log (at);
