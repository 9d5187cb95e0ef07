-- Tenure schema: `tenure db schema` on a freshly migrated database. Generated; do not edit.

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

CREATE INDEX audit_log_at_idx ON audit_log USING btree (at);
CREATE INDEX audit_log_target_idx ON audit_log USING btree (target);
CREATE INDEX tasks_assignee_status_idx ON tasks USING btree (assignee_id, status, id);
CREATE INDEX tasks_status_id_idx ON tasks USING btree (status, id);
CREATE UNIQUE INDEX team_members_email_key ON team_members USING btree (lower(email));
CREATE INDEX team_members_manager_idx ON team_members USING btree (manager_id);
