-- Platform tables: access (server/), webhook idempotency (server/), team and tasks (team/).

CREATE TABLE team_members (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  email       text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('csm', 'account_owner', 'manager', 'executive_sponsor', 'finance', 'product')),
  manager_id  text REFERENCES team_members (id),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX team_members_email_key ON team_members (lower(email));
CREATE INDEX team_members_manager_idx ON team_members (manager_id);

CREATE TABLE api_keys (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  role            text NOT NULL CHECK (role IN ('admin', 'csm', 'finance', 'product')),
  -- the key's public part, to find the row; the secret part is only stored as a scrypt hash
  prefix          text NOT NULL UNIQUE,
  salt            text NOT NULL,
  hash            text NOT NULL,
  team_member_id  text REFERENCES team_members (id),
  created_at      timestamptz NOT NULL,
  last_used_at    timestamptz,
  revoked_at      timestamptz
);

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor       text NOT NULL,
  role        text NOT NULL,
  method      text NOT NULL,
  route       text NOT NULL,
  target      text,
  request_id  text NOT NULL,
  status      integer NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_target_idx ON audit_log (target);

CREATE TABLE webhook_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider     text NOT NULL,
  event_id     text NOT NULL,
  received_at  timestamptz NOT NULL,
  payload      jsonb NOT NULL,
  processed_at timestamptz,
  UNIQUE (provider, event_id)
);

CREATE TABLE tasks (
  id           text PRIMARY KEY,
  assignee_id  text NOT NULL REFERENCES team_members (id),
  kind         text NOT NULL,
  title        text NOT NULL,
  body         text NOT NULL DEFAULT '',
  account_id   text,
  source       text NOT NULL,
  -- a capability's own key for the task, so a repeated hand-off creates it once
  dedupe_key   text UNIQUE,
  due_at       timestamptz,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  created_at   timestamptz NOT NULL,
  done_at      timestamptz,
  done_by      text
);
CREATE INDEX tasks_assignee_status_idx ON tasks (assignee_id, status, id);
CREATE INDEX tasks_status_id_idx ON tasks (status, id);
