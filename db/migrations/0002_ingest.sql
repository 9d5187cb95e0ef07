-- Data in (ingest/): accounts, contacts, consents, events, imports and the rescoring marks.

CREATE TABLE accounts (
  id                  text PRIMARY KEY,
  external_id         text NOT NULL UNIQUE,
  name                text NOT NULL,
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'churned')),
  plan                text,
  seats               integer CHECK (seats >= 0),
  mrr_minor           bigint CHECK (mrr_minor >= 0),
  currency            text CHECK (currency ~ '^[A-Z]{3}$'),
  owner_id            text REFERENCES team_members (id),
  country             text,
  time_zone           text,
  stripe_customer_id  text UNIQUE,
  renewal_date        date,
  started_at          timestamptz,
  churned_at          timestamptz,
  attributes          jsonb NOT NULL DEFAULT '{}',
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
CREATE INDEX accounts_status_idx ON accounts (status, id);
CREATE INDEX accounts_owner_idx ON accounts (owner_id, id);
CREATE INDEX accounts_plan_idx ON accounts (plan, id);

CREATE TABLE contacts (
  id           text PRIMARY KEY,
  external_id  text NOT NULL UNIQUE,
  account_id   text NOT NULL REFERENCES accounts (id),
  name         text NOT NULL,
  email        text,
  phone        text,
  country      text,
  time_zone    text,
  language     text NOT NULL DEFAULT 'en',
  role         text NOT NULL DEFAULT 'other' CHECK (role IN ('main', 'sponsor', 'other')),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX contacts_account_idx ON contacts (account_id);
CREATE INDEX contacts_phone_idx ON contacts (phone);

-- Every consent statement as it was given or withdrawn; the current consent is the latest per
-- contact, channel and purpose (v_current_consents).
CREATE TABLE consents (
  id               text PRIMARY KEY,
  contact_id       text NOT NULL REFERENCES contacts (id),
  channel          text NOT NULL CHECK (channel IN ('voice', 'sms', 'email')),
  purpose          text NOT NULL CHECK (purpose IN ('transactional', 'service', 'marketing')),
  status           text NOT NULL CHECK (status IN ('granted', 'revoked')),
  express_written  boolean NOT NULL DEFAULT false,
  recorded_at      timestamptz NOT NULL,
  evidence         text,
  created_at       timestamptz NOT NULL,
  UNIQUE (contact_id, channel, purpose, recorded_at)
);

CREATE VIEW v_current_consents AS
  SELECT DISTINCT ON (contact_id, channel, purpose) id, contact_id, channel, purpose, status, express_written, recorded_at, evidence
  FROM consents
  ORDER BY contact_id, channel, purpose, recorded_at DESC;

CREATE TABLE events (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL,
  schema_version  integer NOT NULL,
  account_id      text NOT NULL REFERENCES accounts (id),
  contact_id      text REFERENCES contacts (id),
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL,
  source          text NOT NULL,
  dedupe_key      text NOT NULL UNIQUE,
  -- sha256 of the event's content: the same dedupe key with another fingerprint is a conflict
  fingerprint     text NOT NULL,
  payload         jsonb NOT NULL
);
CREATE INDEX events_account_occurred_idx ON events (account_id, occurred_at DESC, id DESC);
CREATE INDEX events_kind_occurred_idx ON events (kind, occurred_at);

-- Accounts whose score is stale; written in the same statement as their events, drained by scoring.
CREATE TABLE rescore_due (
  account_id  text PRIMARY KEY REFERENCES accounts (id),
  since       timestamptz NOT NULL
);

CREATE TABLE imports (
  id              text PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('accounts', 'contacts', 'consents', 'events')),
  file_name       text NOT NULL,
  file_sha256     text,
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  lines_read      integer NOT NULL DEFAULT 0,
  imported        integer NOT NULL DEFAULT 0,
  already_present integer NOT NULL DEFAULT 0,
  rejected        integer NOT NULL DEFAULT 0,
  started_at      timestamptz NOT NULL,
  finished_at     timestamptz
);
