-- Tenure schema: `tenure db schema` on a freshly migrated database. Generated; do not edit.

TABLE accounts (
  id text NOT NULL,
  external_id text NOT NULL,
  name text NOT NULL,
  status text DEFAULT 'active'::text NOT NULL,
  plan text,
  seats integer,
  mrr_minor bigint,
  currency text,
  owner_id text,
  country text,
  time_zone text,
  stripe_customer_id text,
  renewal_date date,
  started_at timestamp with time zone,
  churned_at timestamp with time zone,
  attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT accounts_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
  CONSTRAINT accounts_external_id_key UNIQUE (external_id),
  CONSTRAINT accounts_mrr_minor_check CHECK ((mrr_minor >= 0)),
  CONSTRAINT accounts_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES team_members(id),
  CONSTRAINT accounts_pkey PRIMARY KEY (id),
  CONSTRAINT accounts_seats_check CHECK ((seats >= 0)),
  CONSTRAINT accounts_status_check CHECK ((status = ANY (ARRAY['active'::text, 'churned'::text]))),
  CONSTRAINT accounts_stripe_customer_id_key UNIQUE (stripe_customer_id)
);

TABLE api_keys (
  id text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  prefix text NOT NULL,
  salt text NOT NULL,
  hash text NOT NULL,
  team_member_id text,
  created_at timestamp with time zone NOT NULL,
  last_used_at timestamp with time zone,
  revoked_at timestamp with time zone,
  CONSTRAINT api_keys_pkey PRIMARY KEY (id),
  CONSTRAINT api_keys_prefix_key UNIQUE (prefix),
  CONSTRAINT api_keys_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'csm'::text, 'finance'::text, 'product'::text]))),
  CONSTRAINT api_keys_team_member_id_fkey FOREIGN KEY (team_member_id) REFERENCES team_members(id)
);

TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  at timestamp with time zone NOT NULL,
  actor text NOT NULL,
  role text NOT NULL,
  method text NOT NULL,
  route text NOT NULL,
  target text,
  request_id text NOT NULL,
  status integer NOT NULL,
  CONSTRAINT audit_log_pkey PRIMARY KEY (id)
);

TABLE consents (
  id text NOT NULL,
  contact_id text NOT NULL,
  channel text NOT NULL,
  purpose text NOT NULL,
  status text NOT NULL,
  express_written boolean DEFAULT false NOT NULL,
  recorded_at timestamp with time zone NOT NULL,
  evidence text,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT consents_channel_check CHECK ((channel = ANY (ARRAY['voice'::text, 'sms'::text, 'email'::text]))),
  CONSTRAINT consents_contact_id_channel_purpose_recorded_at_key UNIQUE (contact_id, channel, purpose, recorded_at),
  CONSTRAINT consents_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT consents_pkey PRIMARY KEY (id),
  CONSTRAINT consents_purpose_check CHECK ((purpose = ANY (ARRAY['transactional'::text, 'service'::text, 'marketing'::text]))),
  CONSTRAINT consents_status_check CHECK ((status = ANY (ARRAY['granted'::text, 'revoked'::text])))
);

TABLE contacts (
  id text NOT NULL,
  external_id text NOT NULL,
  account_id text NOT NULL,
  name text NOT NULL,
  email text,
  phone text,
  country text,
  time_zone text,
  language text DEFAULT 'en'::text NOT NULL,
  role text DEFAULT 'other'::text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT contacts_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT contacts_external_id_key UNIQUE (external_id),
  CONSTRAINT contacts_pkey PRIMARY KEY (id),
  CONSTRAINT contacts_role_check CHECK ((role = ANY (ARRAY['main'::text, 'sponsor'::text, 'other'::text])))
);

TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  kind text NOT NULL,
  schema_version integer NOT NULL,
  account_id text NOT NULL,
  contact_id text,
  occurred_at timestamp with time zone NOT NULL,
  received_at timestamp with time zone NOT NULL,
  source text NOT NULL,
  dedupe_key text NOT NULL,
  fingerprint text NOT NULL,
  payload jsonb NOT NULL,
  CONSTRAINT events_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT events_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT events_dedupe_key_key UNIQUE (dedupe_key),
  CONSTRAINT events_pkey PRIMARY KEY (id)
);

TABLE imports (
  id text NOT NULL,
  kind text NOT NULL,
  file_name text NOT NULL,
  file_sha256 text,
  status text DEFAULT 'running'::text NOT NULL,
  lines_read integer DEFAULT 0 NOT NULL,
  imported integer DEFAULT 0 NOT NULL,
  already_present integer DEFAULT 0 NOT NULL,
  rejected integer DEFAULT 0 NOT NULL,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  CONSTRAINT imports_kind_check CHECK ((kind = ANY (ARRAY['accounts'::text, 'contacts'::text, 'consents'::text, 'events'::text]))),
  CONSTRAINT imports_pkey PRIMARY KEY (id),
  CONSTRAINT imports_status_check CHECK ((status = ANY (ARRAY['running'::text, 'done'::text, 'failed'::text])))
);

TABLE rescore_due (
  account_id text NOT NULL,
  since timestamp with time zone NOT NULL,
  CONSTRAINT rescore_due_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT rescore_due_pkey PRIMARY KEY (account_id)
);

TABLE tasks (
  id text NOT NULL,
  assignee_id text NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  body text DEFAULT ''::text NOT NULL,
  account_id text,
  source text NOT NULL,
  dedupe_key text,
  due_at timestamp with time zone,
  status text DEFAULT 'open'::text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  done_at timestamp with time zone,
  done_by text,
  CONSTRAINT tasks_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES team_members(id),
  CONSTRAINT tasks_dedupe_key_key UNIQUE (dedupe_key),
  CONSTRAINT tasks_pkey PRIMARY KEY (id),
  CONSTRAINT tasks_status_check CHECK ((status = ANY (ARRAY['open'::text, 'done'::text, 'cancelled'::text])))
);

TABLE team_members (
  id text NOT NULL,
  name text NOT NULL,
  email text NOT NULL,
  kind text NOT NULL,
  manager_id text,
  active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT team_members_kind_check CHECK ((kind = ANY (ARRAY['csm'::text, 'account_owner'::text, 'manager'::text, 'executive_sponsor'::text, 'finance'::text, 'product'::text]))),
  CONSTRAINT team_members_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES team_members(id),
  CONSTRAINT team_members_pkey PRIMARY KEY (id)
);

TABLE tenure_migrations (
  version integer NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT tenure_migrations_pkey PRIMARY KEY (version)
);

TABLE webhook_events (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  provider text NOT NULL,
  event_id text NOT NULL,
  received_at timestamp with time zone NOT NULL,
  payload jsonb NOT NULL,
  processed_at timestamp with time zone,
  CONSTRAINT webhook_events_pkey PRIMARY KEY (id),
  CONSTRAINT webhook_events_provider_event_id_key UNIQUE (provider, event_id)
);

VIEW v_current_consents (
  id text,
  contact_id text,
  channel text,
  purpose text,
  status text,
  express_written boolean,
  recorded_at timestamp with time zone,
  evidence text
);

CREATE INDEX accounts_owner_idx ON accounts USING btree (owner_id, id);
CREATE INDEX accounts_plan_idx ON accounts USING btree (plan, id);
CREATE INDEX accounts_status_idx ON accounts USING btree (status, id);
CREATE INDEX audit_log_at_idx ON audit_log USING btree (at);
CREATE INDEX audit_log_target_idx ON audit_log USING btree (target);
CREATE INDEX contacts_account_idx ON contacts USING btree (account_id);
CREATE INDEX contacts_phone_idx ON contacts USING btree (phone);
CREATE INDEX events_account_occurred_idx ON events USING btree (account_id, occurred_at DESC, id DESC);
CREATE INDEX events_kind_occurred_idx ON events USING btree (kind, occurred_at);
CREATE INDEX tasks_assignee_status_idx ON tasks USING btree (assignee_id, status, id);
CREATE INDEX tasks_status_id_idx ON tasks USING btree (status, id);
CREATE UNIQUE INDEX team_members_email_key ON team_members USING btree (lower(email));
CREATE INDEX team_members_manager_idx ON team_members USING btree (manager_id);
