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

TABLE actions (
  id text NOT NULL,
  account_id text NOT NULL,
  conversation_id text,
  kind text NOT NULL,
  at_risk boolean NOT NULL,
  at timestamp with time zone NOT NULL,
  outcome_due_at timestamp with time zone NOT NULL,
  outcome_claimed_at timestamp with time zone,
  CONSTRAINT actions_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT actions_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations(id),
  CONSTRAINT actions_conversation_id_key UNIQUE (conversation_id),
  CONSTRAINT actions_pkey PRIMARY KEY (id)
);

TABLE alerts (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  account_id text NOT NULL,
  day date NOT NULL,
  kinds text[] NOT NULL,
  score_id bigint NOT NULL,
  as_of timestamp with time zone NOT NULL,
  score smallint NOT NULL,
  zone text NOT NULL,
  previous_score smallint NOT NULL,
  previous_zone text NOT NULL,
  drop_points smallint NOT NULL,
  signals jsonb NOT NULL,
  signal_family text,
  suggested_action jsonb,
  owner_id text,
  last_interaction_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT alerts_account_id_day_key UNIQUE (account_id, day),
  CONSTRAINT alerts_pkey PRIMARY KEY (id)
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

TABLE approvals (
  id text NOT NULL,
  conversation_id text NOT NULL,
  account_id text NOT NULL,
  kind text NOT NULL,
  terms jsonb NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  task_id text,
  decided_by text,
  decided_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT approvals_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT approvals_check CHECK (((status = 'pending'::text) = (decided_at IS NULL))),
  CONSTRAINT approvals_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations(id),
  CONSTRAINT approvals_conversation_id_kind_key UNIQUE (conversation_id, kind),
  CONSTRAINT approvals_kind_check CHECK ((kind = ANY (ARRAY['discount'::text, 'pause'::text]))),
  CONSTRAINT approvals_pkey PRIMARY KEY (id),
  CONSTRAINT approvals_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text]))),
  CONSTRAINT approvals_task_id_fkey FOREIGN KEY (task_id) REFERENCES tasks(id)
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

TABLE call_legs (
  id text NOT NULL,
  sid text,
  conversation_id text NOT NULL,
  contact_id text NOT NULL,
  account_id text NOT NULL,
  outreach_id text,
  outreach_log_id text,
  play text NOT NULL,
  purpose text NOT NULL,
  lang text NOT NULL,
  from_number text NOT NULL,
  to_number text NOT NULL,
  status text NOT NULL,
  answered_by text,
  relay text,
  reconnects smallint DEFAULT 0 NOT NULL,
  handoff jsonb,
  error_code integer,
  error_message text,
  duration_s integer,
  attempt smallint DEFAULT 1 NOT NULL,
  retry_of text,
  due_at timestamp with time zone NOT NULL,
  dialed_at timestamp with time zone,
  ended_at timestamp with time zone,
  updated_at timestamp with time zone NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT call_legs_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT call_legs_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT call_legs_outreach_id_fkey FOREIGN KEY (outreach_id) REFERENCES outreach(id),
  CONSTRAINT call_legs_outreach_log_id_fkey FOREIGN KEY (outreach_log_id) REFERENCES outreach_log(id),
  CONSTRAINT call_legs_pkey PRIMARY KEY (id),
  CONSTRAINT call_legs_retry_of_fkey FOREIGN KEY (retry_of) REFERENCES call_legs(id),
  CONSTRAINT call_legs_sid_key UNIQUE (sid)
);

TABLE campaigns (
  id text NOT NULL,
  play text NOT NULL,
  channel text NOT NULL,
  segment jsonb NOT NULL,
  status text NOT NULL,
  planned_at timestamp with time zone NOT NULL,
  created_by text NOT NULL,
  approved_by text,
  approved_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT campaigns_channel_check CHECK ((channel = ANY (ARRAY['voice'::text, 'sms'::text]))),
  CONSTRAINT campaigns_check CHECK (((status = 'approved'::text) = (approved_at IS NOT NULL))),
  CONSTRAINT campaigns_pkey PRIMARY KEY (id),
  CONSTRAINT campaigns_play_check CHECK ((play = ANY (ARRAY['health_check'::text, 'nps'::text, 'win_back'::text, 'payment_recovery'::text]))),
  CONSTRAINT campaigns_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'approved'::text])))
);

TABLE card_attempts (
  id text NOT NULL,
  card text NOT NULL,
  brand text,
  case_id text,
  invoice_id text NOT NULL,
  source text NOT NULL,
  attempted_at timestamp with time zone NOT NULL,
  succeeded boolean NOT NULL,
  do_not_retry boolean DEFAULT false NOT NULL,
  charge_id text,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT card_attempts_case_id_fkey FOREIGN KEY (case_id) REFERENCES dunning_cases(id),
  CONSTRAINT card_attempts_charge_id_key UNIQUE (charge_id),
  CONSTRAINT card_attempts_pkey PRIMARY KEY (id),
  CONSTRAINT card_attempts_source_check CHECK ((source = ANY (ARRAY['stripe'::text, 'tenure'::text, 'customer'::text])))
);

TABLE churn_reasons (
  id text NOT NULL,
  account_id text NOT NULL,
  conversation_id text,
  turn_id text,
  span_start integer,
  span_end integer,
  category text NOT NULL,
  detail text DEFAULT ''::text NOT NULL,
  verbatim text NOT NULL,
  competitor text,
  feature text,
  voluntary boolean NOT NULL,
  sentiment text NOT NULL,
  confidence real NOT NULL,
  source text NOT NULL,
  status text,
  alternatives jsonb,
  captured_at timestamp with time zone NOT NULL,
  created_at timestamp with time zone NOT NULL,
  provider text,
  provider_fallback text,
  CONSTRAINT churn_reasons_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT churn_reasons_check CHECK (((source <> 'conversation'::text) OR ((conversation_id IS NOT NULL) AND (turn_id IS NOT NULL) AND (span_start IS NOT NULL) AND (span_end IS NOT NULL)))),
  CONSTRAINT churn_reasons_check1 CHECK (((span_start IS NULL) OR ((span_start >= 0) AND (span_end >= span_start)))),
  CONSTRAINT churn_reasons_confidence_check CHECK (((confidence >= (0)::double precision) AND (confidence <= (1)::double precision))),
  CONSTRAINT churn_reasons_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations(id),
  CONSTRAINT churn_reasons_pkey PRIMARY KEY (id),
  CONSTRAINT churn_reasons_provider_check CHECK ((provider = ANY (ARRAY['offline'::text, 'openai'::text]))),
  CONSTRAINT churn_reasons_status_check CHECK ((status = 'disputed'::text)),
  CONSTRAINT churn_reasons_turn_id_fkey FOREIGN KEY (turn_id) REFERENCES turns(id)
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

TABLE conversations (
  id text NOT NULL,
  account_id text NOT NULL,
  contact_id text,
  channel text NOT NULL,
  play text,
  direction text NOT NULL,
  handled_by text NOT NULL,
  team_member_id text,
  topic text,
  lang text NOT NULL,
  status text NOT NULL,
  started_at timestamp with time zone NOT NULL,
  ended_at timestamp with time zone,
  end_reason text,
  summary text,
  source text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  prompt_version text,
  nps smallint,
  nps_comment text,
  outcome text,
  CONSTRAINT conversations_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT conversations_channel_check CHECK ((channel = ANY (ARRAY['voice'::text, 'sms'::text, 'text'::text]))),
  CONSTRAINT conversations_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT conversations_direction_check CHECK ((direction = ANY (ARRAY['outbound'::text, 'inbound'::text]))),
  CONSTRAINT conversations_handled_by_check CHECK ((handled_by = ANY (ARRAY['agent'::text, 'person'::text]))),
  CONSTRAINT conversations_nps_check CHECK (((nps >= 0) AND (nps <= 10))),
  CONSTRAINT conversations_pkey PRIMARY KEY (id),
  CONSTRAINT conversations_source_check CHECK ((source = ANY (ARRAY['agent'::text, 'demo'::text, 'api'::text, 'csv'::text]))),
  CONSTRAINT conversations_status_check CHECK ((status = ANY (ARRAY['open'::text, 'completed'::text, 'failed'::text]))),
  CONSTRAINT conversations_team_member_id_fkey FOREIGN KEY (team_member_id) REFERENCES team_members(id),
  CONSTRAINT conversations_topic_check CHECK ((topic = ANY (ARRAY['technical'::text, 'strategic'::text, 'other'::text])))
);

TABLE current_scores (
  account_id text NOT NULL,
  score_id bigint NOT NULL,
  score smallint NOT NULL,
  zone text NOT NULL,
  as_of timestamp with time zone NOT NULL,
  checked_at timestamp with time zone NOT NULL,
  inputs_through timestamp with time zone,
  config_version integer NOT NULL,
  fingerprint text NOT NULL,
  CONSTRAINT current_scores_pkey PRIMARY KEY (account_id)
);

TABLE demo_company (
  singleton boolean DEFAULT true NOT NULL,
  seed bigint NOT NULL,
  parameters jsonb NOT NULL,
  history_start timestamp with time zone NOT NULL,
  as_of timestamp with time zone NOT NULL,
  seeded_at timestamp with time zone NOT NULL,
  seconds real NOT NULL,
  CONSTRAINT demo_company_pkey PRIMARY KEY (singleton),
  CONSTRAINT demo_company_singleton_check CHECK (singleton)
);

TABLE demo_truth (
  account_id text NOT NULL,
  churn_at timestamp with time zone NOT NULL,
  onset_at timestamp with time zone NOT NULL,
  reason text NOT NULL,
  voluntary boolean NOT NULL,
  CONSTRAINT demo_truth_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT demo_truth_pkey PRIMARY KEY (account_id)
);

TABLE dunning_case_transitions (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  case_id text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  cause text NOT NULL,
  at timestamp with time zone NOT NULL,
  CONSTRAINT dunning_case_transitions_case_id_fkey FOREIGN KEY (case_id) REFERENCES dunning_cases(id),
  CONSTRAINT dunning_case_transitions_pkey PRIMARY KEY (id)
);

TABLE dunning_cases (
  id text NOT NULL,
  account_id text NOT NULL,
  invoice_id text NOT NULL,
  subscription_id text,
  customer_id text NOT NULL,
  state text NOT NULL,
  amount_due bigint NOT NULL,
  currency text NOT NULL,
  attempt_count integer DEFAULT 0 NOT NULL,
  reason_class text NOT NULL,
  hard boolean NOT NULL,
  retry text NOT NULL,
  customer_action text NOT NULL,
  reveal_reason boolean NOT NULL,
  cancellation_intent boolean NOT NULL,
  message_key text NOT NULL,
  retries_done integer DEFAULT 0 NOT NULL,
  max_retries integer DEFAULT 0 NOT NULL,
  next_retry_at timestamp with time zone,
  opened_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  closed_at timestamp with time zone,
  card_updated_at timestamp with time zone,
  CONSTRAINT dunning_cases_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT dunning_cases_amount_due_check CHECK ((amount_due >= 0)),
  CONSTRAINT dunning_cases_check CHECK (((state = ANY (ARRAY['recovered'::text, 'lost'::text, 'cancelled'::text])) = (closed_at IS NOT NULL))),
  CONSTRAINT dunning_cases_check1 CHECK (((state <> 'retry_scheduled'::text) OR (next_retry_at IS NOT NULL))),
  CONSTRAINT dunning_cases_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
  CONSTRAINT dunning_cases_customer_action_check CHECK ((customer_action = ANY (ARRAY['update_payment_method'::text, 'authenticate'::text, 'contact_bank'::text, 'fix_details'::text, 'none'::text]))),
  CONSTRAINT dunning_cases_invoice_id_key UNIQUE (invoice_id),
  CONSTRAINT dunning_cases_pkey PRIMARY KEY (id),
  CONSTRAINT dunning_cases_retry_check CHECK ((retry = ANY (ARRAY['never'::text, 'after_customer_action'::text, 'scheduled'::text, 'once_soon'::text]))),
  CONSTRAINT dunning_cases_state_check CHECK ((state = ANY (ARRAY['open'::text, 'waiting_for_customer'::text, 'retry_scheduled'::text, 'recovered'::text, 'lost'::text, 'cancelled'::text])))
);

TABLE dunning_retries (
  id text NOT NULL,
  case_id text NOT NULL,
  invoice_id text NOT NULL,
  seq integer NOT NULL,
  idempotency_key text NOT NULL,
  reason text NOT NULL,
  state text NOT NULL,
  charges_before integer NOT NULL,
  charge_id text,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  CONSTRAINT dunning_retries_case_id_fkey FOREIGN KEY (case_id) REFERENCES dunning_cases(id),
  CONSTRAINT dunning_retries_case_id_seq_key UNIQUE (case_id, seq),
  CONSTRAINT dunning_retries_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT dunning_retries_pkey PRIMARY KEY (id),
  CONSTRAINT dunning_retries_reason_check CHECK ((reason = ANY (ARRAY['scheduled'::text, 'card_updated'::text]))),
  CONSTRAINT dunning_retries_state_check CHECK ((state = ANY (ARRAY['calling'::text, 'succeeded'::text, 'failed'::text, 'not_open'::text])))
);

TABLE dunning_sandbox_days (
  day date NOT NULL,
  failures integer NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT dunning_sandbox_days_pkey PRIMARY KEY (day)
);

TABLE escalation_steps (
  escalation_id text NOT NULL,
  step text NOT NULL,
  position smallint NOT NULL,
  owner_id text,
  due_at timestamp with time zone NOT NULL,
  state text NOT NULL,
  task_id text,
  done_at timestamp with time zone,
  done_by text,
  note text,
  missed_at timestamp with time zone,
  CONSTRAINT escalation_steps_escalation_id_fkey FOREIGN KEY (escalation_id) REFERENCES escalations(id),
  CONSTRAINT escalation_steps_pkey PRIMARY KEY (escalation_id, step),
  CONSTRAINT escalation_steps_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'done'::text, 'missed'::text]))),
  CONSTRAINT escalation_steps_step_check CHECK ((step = ANY (ARRAY['assign'::text, 'root_cause_call'::text, 'mitigation_plan'::text])))
);

TABLE escalations (
  id text NOT NULL,
  account_id text NOT NULL,
  trigger text NOT NULL,
  probability double precision,
  score_id bigint NOT NULL,
  score smallint NOT NULL,
  zone text NOT NULL,
  signal_family text,
  suggested_action jsonb,
  csm_id text,
  sponsor_id text,
  state text NOT NULL,
  opened_at timestamp with time zone NOT NULL,
  closed_at timestamp with time zone,
  CONSTRAINT escalations_pkey PRIMARY KEY (id),
  CONSTRAINT escalations_state_check CHECK ((state = ANY (ARRAY['open'::text, 'overridden'::text, 'resolved'::text]))),
  CONSTRAINT escalations_trigger_check CHECK ((trigger = ANY (ARRAY['zone'::text, 'probability'::text])))
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

TABLE insight_reason_facts (
  reason_id text NOT NULL,
  account_id text NOT NULL,
  captured_at timestamp with time zone NOT NULL,
  category text NOT NULL,
  detail text NOT NULL,
  competitor text,
  feature text,
  voluntary boolean NOT NULL,
  channel text,
  lang text,
  conversation_id text,
  segment text,
  plan text,
  owner_id text,
  mrr_minor bigint NOT NULL,
  churned boolean NOT NULL,
  prev_account timestamp with time zone,
  prev_category timestamp with time zone,
  prev_detail timestamp with time zone,
  prev_account_channel timestamp with time zone,
  prev_category_channel timestamp with time zone,
  prev_detail_channel timestamp with time zone,
  prev_account_lang timestamp with time zone,
  prev_category_lang timestamp with time zone,
  prev_detail_lang timestamp with time zone,
  prev_account_voluntary timestamp with time zone,
  prev_category_voluntary timestamp with time zone,
  prev_detail_voluntary timestamp with time zone,
  CONSTRAINT insight_reason_facts_pkey PRIMARY KEY (reason_id)
);

TABLE insight_refresh (
  singleton boolean DEFAULT true NOT NULL,
  refreshed_at timestamp with time zone NOT NULL,
  CONSTRAINT insight_refresh_pkey PRIMARY KEY (singleton),
  CONSTRAINT insight_refresh_singleton_check CHECK (singleton)
);

TABLE insight_save_list (
  account_id text NOT NULL,
  rank integer NOT NULL,
  value_minor bigint NOT NULL,
  probability double precision,
  prior boolean,
  score smallint NOT NULL,
  zone text NOT NULL,
  at_risk boolean NOT NULL,
  owner_id text,
  CONSTRAINT insight_save_list_pkey PRIMARY KEY (account_id)
);

TABLE insight_sessions (
  token_hash text NOT NULL,
  csrf text NOT NULL,
  actor text NOT NULL,
  role text NOT NULL,
  key_id text,
  created_at timestamp with time zone NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  CONSTRAINT insight_sessions_pkey PRIMARY KEY (token_hash)
);

TABLE insight_zone_figures (
  zone text NOT NULL,
  at_risk boolean NOT NULL,
  accounts integer NOT NULL,
  mrr_minor bigint NOT NULL,
  min_score smallint NOT NULL,
  CONSTRAINT insight_zone_figures_pkey PRIMARY KEY (zone)
);

TABLE messages (
  id text NOT NULL,
  sid text,
  direction text NOT NULL,
  kind text NOT NULL,
  conversation_id text,
  contact_id text,
  from_number text NOT NULL,
  to_number text NOT NULL,
  body text NOT NULL,
  status text NOT NULL,
  error_code integer,
  error_message text,
  segments smallint,
  attempt smallint DEFAULT 1 NOT NULL,
  reply_to text,
  retry_of text,
  due_at timestamp with time zone,
  sent_at timestamp with time zone,
  updated_at timestamp with time zone NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT messages_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations(id),
  CONSTRAINT messages_direction_check CHECK ((direction = ANY (ARRAY['inbound'::text, 'outbound'::text]))),
  CONSTRAINT messages_kind_check CHECK ((kind = ANY (ARRAY['turn'::text, 'opt_out'::text, 'opt_in'::text, 'help'::text, 'agent'::text]))),
  CONSTRAINT messages_pkey PRIMARY KEY (id),
  CONSTRAINT messages_reply_to_fkey FOREIGN KEY (reply_to) REFERENCES messages(id),
  CONSTRAINT messages_retry_of_fkey FOREIGN KEY (retry_of) REFERENCES messages(id),
  CONSTRAINT messages_sid_key UNIQUE (sid)
);

TABLE model_calls (
  id text NOT NULL,
  conversation_id text NOT NULL,
  purpose text NOT NULL,
  model text NOT NULL,
  attempt integer NOT NULL,
  outcome text NOT NULL,
  status_code integer,
  prompt_tokens integer,
  completion_tokens integer,
  latency_ms integer NOT NULL,
  cost_usd numeric(12,6),
  redacted integer DEFAULT 0 NOT NULL,
  at timestamp with time zone NOT NULL,
  CONSTRAINT model_calls_attempt_check CHECK ((attempt >= 1)),
  CONSTRAINT model_calls_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations(id),
  CONSTRAINT model_calls_latency_ms_check CHECK ((latency_ms >= 0)),
  CONSTRAINT model_calls_outcome_check CHECK ((outcome = ANY (ARRAY['ok'::text, 'malformed'::text, 'timeout'::text, 'connection'::text, 'http_error'::text, 'circuit_open'::text]))),
  CONSTRAINT model_calls_pkey PRIMARY KEY (id),
  CONSTRAINT model_calls_purpose_check CHECK ((purpose = ANY (ARRAY['turn_analysis'::text, 'churn_reason'::text, 'summary'::text, 'conversation'::text])))
);

TABLE model_versions (
  version integer NOT NULL,
  kind text NOT NULL,
  trained_through timestamp with time zone NOT NULL,
  rows integer NOT NULL,
  positives integer NOT NULL,
  churned_accounts integer NOT NULL,
  metrics jsonb NOT NULL,
  model jsonb NOT NULL,
  promoted boolean NOT NULL,
  decision text NOT NULL,
  shuffled boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT model_versions_kind_check CHECK ((kind = ANY (ARRAY['logistic'::text, 'boosted'::text]))),
  CONSTRAINT model_versions_pkey PRIMARY KEY (version),
  CONSTRAINT model_versions_version_check CHECK ((version >= 1))
);

TABLE notification_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  notification_id bigint NOT NULL,
  channel text NOT NULL,
  state text NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  due_at timestamp with time zone NOT NULL,
  detail text,
  sent_at timestamp with time zone,
  CONSTRAINT notification_deliveries_channel_check CHECK ((channel = ANY (ARRAY['inbox'::text, 'slack'::text, 'email'::text, 'sms'::text]))),
  CONSTRAINT notification_deliveries_notification_id_channel_key UNIQUE (notification_id, channel),
  CONSTRAINT notification_deliveries_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES notifications(id),
  CONSTRAINT notification_deliveries_pkey PRIMARY KEY (id),
  CONSTRAINT notification_deliveries_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'failed'::text, 'skipped'::text])))
);

TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  dedupe_key text NOT NULL,
  source text NOT NULL,
  kind text NOT NULL,
  account_id text,
  recipient_id text,
  subject text NOT NULL,
  body text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  expanded_at timestamp with time zone,
  CONSTRAINT notifications_dedupe_key_key UNIQUE (dedupe_key),
  CONSTRAINT notifications_pkey PRIMARY KEY (id)
);

TABLE outcomes (
  id text NOT NULL,
  account_id text NOT NULL,
  action_id text,
  kind text NOT NULL,
  at timestamp with time zone NOT NULL,
  evidence jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT outcomes_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT outcomes_action_id_fkey FOREIGN KEY (action_id) REFERENCES actions(id),
  CONSTRAINT outcomes_action_id_key UNIQUE (action_id),
  CONSTRAINT outcomes_kind_check CHECK ((kind = ANY (ARRAY['replied'::text, 'saved'::text, 'churned'::text, 'recovered'::text, 'renewed'::text, 'no_response'::text]))),
  CONSTRAINT outcomes_pkey PRIMARY KEY (id)
);

TABLE outreach (
  id text NOT NULL,
  account_id text NOT NULL,
  contact_id text,
  play text NOT NULL,
  channel text NOT NULL,
  purpose text NOT NULL,
  status text NOT NULL,
  scheduled_for timestamp with time zone,
  reasons jsonb DEFAULT '[]'::jsonb NOT NULL,
  decision_id text NOT NULL,
  campaign_id text,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT outreach_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT outreach_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES campaigns(id),
  CONSTRAINT outreach_channel_check CHECK ((channel = ANY (ARRAY['voice'::text, 'sms'::text, 'email'::text]))),
  CONSTRAINT outreach_check CHECK (((status = 'scheduled'::text) <= (scheduled_for IS NOT NULL))),
  CONSTRAINT outreach_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT outreach_decision_id_fkey FOREIGN KEY (decision_id) REFERENCES planner_decisions(id),
  CONSTRAINT outreach_pkey PRIMARY KEY (id),
  CONSTRAINT outreach_purpose_check CHECK ((purpose = ANY (ARRAY['transactional'::text, 'service'::text, 'marketing'::text]))),
  CONSTRAINT outreach_status_check CHECK ((status = ANY (ARRAY['scheduled'::text, 'sent'::text, 'blocked'::text, 'cancelled'::text])))
);

TABLE outreach_log (
  id text NOT NULL,
  outreach_id text,
  account_id text NOT NULL,
  contact_id text,
  phone text,
  play text,
  channel text NOT NULL,
  purpose text NOT NULL,
  at timestamp with time zone NOT NULL,
  result text,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT outreach_log_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT outreach_log_channel_check CHECK ((channel = ANY (ARRAY['voice'::text, 'sms'::text, 'email'::text]))),
  CONSTRAINT outreach_log_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT outreach_log_outreach_id_fkey FOREIGN KEY (outreach_id) REFERENCES outreach(id),
  CONSTRAINT outreach_log_pkey PRIMARY KEY (id),
  CONSTRAINT outreach_log_purpose_check CHECK ((purpose = ANY (ARRAY['transactional'::text, 'service'::text, 'marketing'::text]))),
  CONSTRAINT outreach_log_result_check CHECK ((result = ANY (ARRAY['answered'::text, 'no_answer'::text, 'voicemail'::text, 'refused'::text, 'delivered'::text, 'failed'::text])))
);

TABLE pay_links (
  token_hash text NOT NULL,
  case_id text NOT NULL,
  purpose text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  opened_count integer DEFAULT 0 NOT NULL,
  last_opened_at timestamp with time zone,
  CONSTRAINT pay_links_case_id_fkey FOREIGN KEY (case_id) REFERENCES dunning_cases(id),
  CONSTRAINT pay_links_pkey PRIMARY KEY (token_hash),
  CONSTRAINT pay_links_purpose_check CHECK ((purpose = ANY (ARRAY['payment_method_update'::text, 'authenticate'::text])))
);

TABLE payment_attempts (
  id text NOT NULL,
  case_id text NOT NULL,
  stripe_key text NOT NULL,
  payment_intent_id text,
  charge_id text,
  attempted_at timestamp with time zone NOT NULL,
  code text,
  decline_code text,
  advice_code text,
  network_advice_code text,
  network_decline_code text,
  outcome_type text,
  outcome_reason text,
  payment_method_type text,
  decision jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT payment_attempts_case_id_fkey FOREIGN KEY (case_id) REFERENCES dunning_cases(id),
  CONSTRAINT payment_attempts_pkey PRIMARY KEY (id),
  CONSTRAINT payment_attempts_stripe_key_key UNIQUE (stripe_key)
);

TABLE planner_decisions (
  id text NOT NULL,
  account_id text NOT NULL,
  contact_id text,
  campaign_id text,
  trigger text NOT NULL,
  play text,
  channel text,
  purpose text,
  decision text NOT NULL,
  scheduled_for timestamp with time zone,
  reasons jsonb NOT NULL,
  inputs jsonb NOT NULL,
  decided_at timestamp with time zone NOT NULL,
  CONSTRAINT planner_decisions_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT planner_decisions_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES campaigns(id),
  CONSTRAINT planner_decisions_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT planner_decisions_decision_check CHECK ((decision = ANY (ARRAY['scheduled'::text, 'blocked'::text, 'no_play'::text, 'planned'::text]))),
  CONSTRAINT planner_decisions_pkey PRIMARY KEY (id),
  CONSTRAINT planner_decisions_trigger_check CHECK ((trigger = ANY (ARRAY['on_demand'::text, 'campaign'::text, 'score_change'::text, 'schedule'::text, 'dunning'::text, 'alert'::text])))
);

TABLE predictions (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  account_id text NOT NULL,
  as_of timestamp with time zone NOT NULL,
  probability double precision NOT NULL,
  model_version integer,
  prior boolean NOT NULL,
  reason_codes jsonb NOT NULL,
  computed_at timestamp with time zone NOT NULL,
  CONSTRAINT predictions_check CHECK ((prior = (model_version IS NULL))),
  CONSTRAINT predictions_model_version_fkey FOREIGN KEY (model_version) REFERENCES model_versions(version),
  CONSTRAINT predictions_pkey PRIMARY KEY (id),
  CONSTRAINT predictions_probability_check CHECK (((probability >= (0)::double precision) AND (probability <= (1)::double precision)))
);

TABLE predunning_notices (
  card text NOT NULL,
  account_id text NOT NULL,
  exp_month integer NOT NULL,
  exp_year integer NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT predunning_notices_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT predunning_notices_pkey PRIMARY KEY (card)
);

TABLE predunning_runs (
  day date NOT NULL,
  checked integer DEFAULT 0 NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT predunning_runs_pkey PRIMARY KEY (day)
);

TABLE rescore_due (
  account_id text NOT NULL,
  since timestamp with time zone NOT NULL,
  CONSTRAINT rescore_due_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT rescore_due_pkey PRIMARY KEY (account_id)
);

TABLE risk_overrides (
  id text NOT NULL,
  escalation_id text NOT NULL,
  account_id text NOT NULL,
  reason_code text NOT NULL,
  note text NOT NULL,
  actor text NOT NULL,
  member_id text,
  at timestamp with time zone NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  state text NOT NULL,
  expired_at timestamp with time zone,
  CONSTRAINT risk_overrides_escalation_id_fkey FOREIGN KEY (escalation_id) REFERENCES escalations(id),
  CONSTRAINT risk_overrides_pkey PRIMARY KEY (id),
  CONSTRAINT risk_overrides_state_check CHECK ((state = ANY (ARRAY['active'::text, 'expired'::text])))
);

TABLE score_batches_pending (
  as_of timestamp with time zone NOT NULL,
  scored_at timestamp with time zone NOT NULL,
  CONSTRAINT score_batches_pending_pkey PRIMARY KEY (as_of)
);

TABLE score_config_versions (
  version integer NOT NULL,
  preset text NOT NULL,
  weights jsonb NOT NULL,
  zones jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  created_by text NOT NULL,
  CONSTRAINT score_config_versions_pkey PRIMARY KEY (version),
  CONSTRAINT score_config_versions_version_check CHECK ((version >= 1))
);

TABLE score_days (
  account_id text NOT NULL,
  day date NOT NULL,
  known date NOT NULL,
  usage_n integer NOT NULL,
  active_users integer NOT NULL,
  key_actions integer NOT NULL,
  features integer NOT NULL,
  tickets_opened integer NOT NULL,
  tickets_resolved integer NOT NULL,
  tickets_reopened integer NOT NULL,
  ticket_opened_id bigint,
  ticket_reopened_id bigint,
  ticket_first_at timestamp with time zone,
  ticket_last_at timestamp with time zone,
  invoices_issued integer NOT NULL,
  invoices_paid integer NOT NULL,
  received_max timestamp with time zone NOT NULL,
  CONSTRAINT score_days_pkey PRIMARY KEY (account_id, day, known)
);

TABLE score_rare_days (
  account_id text NOT NULL,
  day date NOT NULL,
  known date NOT NULL,
  payments_failed integer NOT NULL,
  payment_failed_id bigint,
  downgrades integer NOT NULL,
  downgrade_id bigint,
  exports integer NOT NULL,
  export_id bigint,
  contact_changes integer NOT NULL,
  contact_change_id bigint,
  calls integer NOT NULL,
  call_seconds double precision NOT NULL,
  calls_timed integer NOT NULL,
  calls_technical integer NOT NULL,
  calls_strategic integer NOT NULL,
  call_id bigint,
  nps_n integer NOT NULL,
  nps_sum double precision NOT NULL,
  nps_id bigint,
  csat_n integer NOT NULL,
  csat_sum double precision NOT NULL,
  reasons integer NOT NULL,
  reason_min text,
  reason_max text,
  reason_id bigint,
  contact_last_at timestamp with time zone,
  received_max timestamp with time zone NOT NULL,
  CONSTRAINT score_rare_days_pkey PRIMARY KEY (account_id, day, known)
);

TABLE scores (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  account_id text NOT NULL,
  as_of timestamp with time zone NOT NULL,
  score smallint NOT NULL,
  zone text NOT NULL,
  at_risk boolean NOT NULL,
  escalate boolean NOT NULL,
  based_on smallint NOT NULL,
  components_total smallint NOT NULL,
  components jsonb NOT NULL,
  reason_codes jsonb NOT NULL,
  config_version integer NOT NULL,
  inputs_through timestamp with time zone,
  kind text NOT NULL,
  computed_at timestamp with time zone NOT NULL,
  CONSTRAINT scores_kind_check CHECK ((kind = ANY (ARRAY['change'::text, 'daily'::text, 'backfill'::text]))),
  CONSTRAINT scores_pkey PRIMARY KEY (id),
  CONSTRAINT scores_score_check CHECK (((score >= 0) AND (score <= 100)))
);

TABLE stripe_objects (
  id text NOT NULL,
  object text NOT NULL,
  customer_id text,
  data jsonb NOT NULL,
  fetched_at timestamp with time zone NOT NULL,
  CONSTRAINT stripe_objects_pkey PRIMARY KEY (id)
);

TABLE suppressions (
  id text NOT NULL,
  contact_id text,
  phone text,
  channel text,
  reason text NOT NULL,
  at timestamp with time zone NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT suppressions_channel_check CHECK ((channel = ANY (ARRAY['voice'::text, 'sms'::text, 'email'::text]))),
  CONSTRAINT suppressions_check CHECK (((contact_id IS NULL) <> (phone IS NULL))),
  CONSTRAINT suppressions_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id),
  CONSTRAINT suppressions_pkey PRIMARY KEY (id),
  CONSTRAINT suppressions_reason_check CHECK ((reason = ANY (ARRAY['opt_out_keyword'::text, 'do_not_contact'::text, 'carrier_block'::text, 'admin'::text])))
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
  phone text,
  CONSTRAINT team_members_kind_check CHECK ((kind = ANY (ARRAY['csm'::text, 'account_owner'::text, 'manager'::text, 'executive_sponsor'::text, 'finance'::text, 'product'::text]))),
  CONSTRAINT team_members_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES team_members(id),
  CONSTRAINT team_members_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{6,14}$'::text)),
  CONSTRAINT team_members_pkey PRIMARY KEY (id)
);

TABLE tenure_migrations (
  version integer NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT tenure_migrations_pkey PRIMARY KEY (version)
);

TABLE text_analyses (
  source text NOT NULL,
  source_id text NOT NULL,
  account_id text NOT NULL,
  at timestamp with time zone NOT NULL,
  known_at timestamp with time zone NOT NULL,
  sentiment real NOT NULL,
  risk_families text[] NOT NULL,
  signal_families text[] NOT NULL,
  cancellation_intent boolean NOT NULL,
  formality text NOT NULL,
  features text[] NOT NULL,
  provider_version text NOT NULL,
  event_id bigint,
  CONSTRAINT text_analyses_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT text_analyses_pkey PRIMARY KEY (source, source_id),
  CONSTRAINT text_analyses_sentiment_check CHECK (((sentiment >= ('-1'::integer)::double precision) AND (sentiment <= (1)::double precision))),
  CONSTRAINT text_analyses_source_check CHECK ((source = ANY (ARRAY['turn'::text, 'note'::text, 'nps'::text])))
);

TABLE tool_calls (
  id text NOT NULL,
  conversation_id text NOT NULL,
  turn_seq integer NOT NULL,
  name text NOT NULL,
  arguments jsonb NOT NULL,
  status text NOT NULL,
  result jsonb DEFAULT '{}'::jsonb NOT NULL,
  at timestamp with time zone NOT NULL,
  CONSTRAINT tool_calls_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations(id),
  CONSTRAINT tool_calls_conversation_id_turn_seq_name_key UNIQUE (conversation_id, turn_seq, name),
  CONSTRAINT tool_calls_pkey PRIMARY KEY (id),
  CONSTRAINT tool_calls_status_check CHECK ((status = ANY (ARRAY['done'::text, 'refused'::text, 'invalid'::text, 'failed'::text, 'approval'::text])))
);

TABLE turns (
  id text NOT NULL,
  conversation_id text NOT NULL,
  seq integer NOT NULL,
  role text NOT NULL,
  text text NOT NULL,
  lang text,
  at timestamp with time zone NOT NULL,
  event_id text,
  interrupted boolean DEFAULT false NOT NULL,
  CONSTRAINT turns_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations(id),
  CONSTRAINT turns_event_uniq UNIQUE (conversation_id, event_id),
  CONSTRAINT turns_id_key UNIQUE (id),
  CONSTRAINT turns_pkey PRIMARY KEY (conversation_id, seq),
  CONSTRAINT turns_role_check CHECK ((role = ANY (ARRAY['agent'::text, 'customer'::text]))),
  CONSTRAINT turns_seq_check CHECK ((seq >= 0))
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

VIEW v_churn_reasons (
  id text,
  account_id text,
  conversation_id text,
  turn_id text,
  span_start integer,
  span_end integer,
  category text,
  detail text,
  verbatim text,
  competitor text,
  feature text,
  voluntary boolean,
  sentiment text,
  confidence real,
  source text,
  status text,
  captured_at timestamp with time zone,
  channel text,
  lang text,
  alternatives jsonb,
  provider text,
  provider_fallback text
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

VIEW v_current_predictions (
  account_id text,
  probability double precision,
  model_version integer,
  prior boolean,
  reason_codes jsonb,
  as_of timestamp with time zone,
  computed_at timestamp with time zone
);

VIEW v_current_scores (
  account_id text,
  score_id bigint,
  score smallint,
  zone text,
  at_risk boolean,
  escalate boolean,
  based_on smallint,
  components_total smallint,
  components jsonb,
  reason_codes jsonb,
  config_version integer,
  as_of timestamp with time zone,
  checked_at timestamp with time zone,
  inputs_through timestamp with time zone
);

VIEW v_customer_turns (
  turn_id text,
  conversation_id text,
  account_id text,
  text text,
  lang text,
  at timestamp with time zone
);

VIEW v_dunning_cases (
  case_id text,
  account_id text,
  invoice_id text,
  subscription_id text,
  state text,
  outcome text,
  amount_due bigint,
  currency text,
  attempt_count integer,
  reason_class text,
  hard boolean,
  retry text,
  customer_action text,
  reveal_reason boolean,
  cancellation_intent boolean,
  message_key text,
  next_retry_at timestamp with time zone,
  opened_at timestamp with time zone,
  closed_at timestamp with time zone
);

VIEW v_model_usage (
  conversation_id text,
  calls integer,
  failed integer,
  prompt_tokens integer,
  completion_tokens integer,
  latency_ms integer,
  cost_usd numeric
);

CREATE INDEX accounts_owner_idx ON accounts USING btree (owner_id, id);
CREATE INDEX accounts_plan_idx ON accounts USING btree (plan, id);
CREATE INDEX accounts_status_idx ON accounts USING btree (status, id);
CREATE INDEX actions_outcome_due_idx ON actions USING btree (outcome_due_at) WHERE (outcome_claimed_at IS NULL);
CREATE INDEX alerts_account_idx ON alerts USING btree (account_id, as_of DESC);
CREATE INDEX alerts_as_of_idx ON alerts USING btree (as_of);
CREATE INDEX approvals_status_idx ON approvals USING btree (status, created_at);
CREATE INDEX audit_log_at_idx ON audit_log USING btree (at);
CREATE INDEX audit_log_target_idx ON audit_log USING btree (target);
CREATE INDEX call_legs_contact_idx ON call_legs USING btree (contact_id, created_at);
CREATE INDEX call_legs_conversation_idx ON call_legs USING btree (conversation_id);
CREATE INDEX call_legs_due_idx ON call_legs USING btree (due_at) WHERE (status = 'pending'::text);
CREATE UNIQUE INDEX call_legs_retry_uniq ON call_legs USING btree (retry_of) WHERE (retry_of IS NOT NULL);
CREATE INDEX card_attempts_card_idx ON card_attempts USING btree (card, attempted_at);
CREATE INDEX card_attempts_invoice_idx ON card_attempts USING btree (invoice_id, attempted_at);
CREATE INDEX churn_reasons_account_idx ON churn_reasons USING btree (account_id, captured_at DESC);
CREATE INDEX churn_reasons_category_idx ON churn_reasons USING btree (category, captured_at);
CREATE INDEX churn_reasons_conversation_idx ON churn_reasons USING btree (conversation_id);
CREATE INDEX contacts_account_idx ON contacts USING btree (account_id);
CREATE INDEX contacts_phone_idx ON contacts USING btree (phone);
CREATE INDEX conversations_account_idx ON conversations USING btree (account_id, started_at DESC);
CREATE INDEX conversations_contact_idx ON conversations USING btree (contact_id, started_at DESC);
CREATE INDEX conversations_open_sms_idx ON conversations USING btree (contact_id, started_at DESC) WHERE ((status = 'open'::text) AND (channel = 'sms'::text));
CREATE INDEX conversations_status_idx ON conversations USING btree (status, started_at DESC);
CREATE INDEX current_scores_score_idx ON current_scores USING btree (score, account_id);
CREATE INDEX current_scores_zone_idx ON current_scores USING btree (zone, score, account_id);
CREATE INDEX dunning_case_transitions_case_idx ON dunning_case_transitions USING btree (case_id, id);
CREATE INDEX dunning_cases_account_idx ON dunning_cases USING btree (account_id, opened_at);
CREATE INDEX dunning_cases_customer_open_idx ON dunning_cases USING btree (customer_id) WHERE (closed_at IS NULL);
CREATE INDEX dunning_cases_opened_idx ON dunning_cases USING btree (opened_at, id);
CREATE INDEX dunning_cases_reason_idx ON dunning_cases USING btree (reason_class, opened_at);
CREATE INDEX dunning_cases_retry_due_idx ON dunning_cases USING btree (next_retry_at) WHERE (state = 'retry_scheduled'::text);
CREATE INDEX dunning_cases_state_idx ON dunning_cases USING btree (state, id);
CREATE INDEX dunning_cases_subscription_idx ON dunning_cases USING btree (subscription_id) WHERE (closed_at IS NULL);
CREATE INDEX dunning_retries_calling_idx ON dunning_retries USING btree (started_at) WHERE (state = 'calling'::text);
CREATE INDEX dunning_retries_case_idx ON dunning_retries USING btree (case_id, seq);
CREATE INDEX escalation_steps_due_idx ON escalation_steps USING btree (due_at) WHERE (state = 'pending'::text);
CREATE INDEX escalations_account_idx ON escalations USING btree (account_id, opened_at DESC);
CREATE UNIQUE INDEX escalations_live_key ON escalations USING btree (account_id) WHERE (state <> 'resolved'::text);
CREATE INDEX escalations_state_idx ON escalations USING btree (state, id);
CREATE INDEX events_account_occurred_idx ON events USING btree (account_id, occurred_at DESC, id DESC);
CREATE INDEX events_customer_texts_idx ON events USING btree (account_id, id) WHERE ((kind = 'note.logged'::text) OR ((kind = 'nps.answered'::text) AND (COALESCE((payload ->> 'comment'::text), ''::text) <> ''::text)));
CREATE INDEX events_kind_occurred_idx ON events USING btree (kind, occurred_at);
CREATE INDEX events_turn_analyzed_idx ON events USING btree (account_id) WHERE (kind = 'turn.analyzed'::text);
CREATE INDEX insight_reason_facts_category_idx ON insight_reason_facts USING btree (category, detail, captured_at, reason_id);
CREATE INDEX insight_reason_facts_channel_idx ON insight_reason_facts USING btree (COALESCE(channel, 'none'::text), captured_at);
CREATE INDEX insight_reason_facts_lang_idx ON insight_reason_facts USING btree (lang, captured_at);
CREATE INDEX insight_reason_facts_mentions_idx ON insight_reason_facts USING btree (captured_at) WHERE ((competitor IS NOT NULL) OR (feature IS NOT NULL));
CREATE INDEX insight_reason_facts_owner_idx ON insight_reason_facts USING btree (owner_id, captured_at);
CREATE INDEX insight_reason_facts_period_idx ON insight_reason_facts USING btree (captured_at);
CREATE INDEX insight_reason_facts_plan_idx ON insight_reason_facts USING btree (plan, captured_at);
CREATE INDEX insight_reason_facts_segment_idx ON insight_reason_facts USING btree (segment, captured_at);
CREATE INDEX insight_reason_facts_voluntary_idx ON insight_reason_facts USING btree (voluntary, captured_at);
CREATE INDEX insight_save_list_rank_idx ON insight_save_list USING btree (rank);
CREATE INDEX insight_sessions_expires_idx ON insight_sessions USING btree (expires_at);
CREATE INDEX messages_contact_idx ON messages USING btree (contact_id, created_at);
CREATE INDEX messages_conversation_idx ON messages USING btree (conversation_id, created_at);
CREATE INDEX messages_pending_idx ON messages USING btree (due_at) WHERE (status = 'pending'::text);
CREATE INDEX messages_received_idx ON messages USING btree (created_at) WHERE (status = 'received'::text);
CREATE UNIQUE INDEX messages_reply_uniq ON messages USING btree (reply_to) WHERE (reply_to IS NOT NULL);
CREATE UNIQUE INDEX messages_retry_uniq ON messages USING btree (retry_of) WHERE (retry_of IS NOT NULL);
CREATE INDEX model_calls_conversation_idx ON model_calls USING btree (conversation_id, at);
CREATE INDEX model_versions_promoted_idx ON model_versions USING btree (version DESC) WHERE promoted;
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries USING btree (due_at) WHERE (state = 'pending'::text);
CREATE INDEX notifications_account_idx ON notifications USING btree (account_id, id);
CREATE INDEX notifications_unexpanded_idx ON notifications USING btree (id) WHERE (expanded_at IS NULL);
CREATE INDEX outcomes_account_idx ON outcomes USING btree (account_id, at);
CREATE INDEX outreach_account_idx ON outreach USING btree (account_id, created_at DESC, id DESC);
CREATE INDEX outreach_campaign_idx ON outreach USING btree (campaign_id) WHERE (campaign_id IS NOT NULL);
CREATE INDEX outreach_decision_idx ON outreach USING btree (decision_id);
CREATE INDEX outreach_due_idx ON outreach USING btree (scheduled_for) WHERE (status = 'scheduled'::text);
CREATE UNIQUE INDEX outreach_live_play_uniq ON outreach USING btree (account_id, play) WHERE (status = 'scheduled'::text);
CREATE INDEX outreach_log_account_idx ON outreach_log USING btree (account_id, at DESC);
CREATE INDEX outreach_log_at_idx ON outreach_log USING btree (at);
CREATE UNIQUE INDEX outreach_log_outreach_uniq ON outreach_log USING btree (outreach_id) WHERE (outreach_id IS NOT NULL);
CREATE INDEX outreach_log_phone_idx ON outreach_log USING btree (phone, at DESC) WHERE (phone IS NOT NULL);
CREATE INDEX pay_links_case_idx ON pay_links USING btree (case_id, created_at);
CREATE INDEX payment_attempts_case_idx ON payment_attempts USING btree (case_id, attempted_at);
CREATE INDEX planner_decisions_account_idx ON planner_decisions USING btree (account_id, decided_at DESC);
CREATE INDEX planner_decisions_campaign_idx ON planner_decisions USING btree (campaign_id, id) WHERE (campaign_id IS NOT NULL);
CREATE INDEX predictions_account_idx ON predictions USING btree (account_id, as_of DESC, id DESC);
CREATE INDEX risk_overrides_due_idx ON risk_overrides USING btree (expires_at) WHERE (state = 'active'::text);
CREATE INDEX risk_overrides_escalation_idx ON risk_overrides USING btree (escalation_id, at DESC);
CREATE INDEX score_days_day_idx ON score_days USING brin (day);
CREATE INDEX scores_account_idx ON scores USING btree (account_id, as_of DESC, id DESC);
CREATE INDEX scores_as_of_idx ON scores USING btree (as_of);
CREATE INDEX stripe_objects_customer_idx ON stripe_objects USING btree (customer_id, object);
CREATE INDEX suppressions_contact_idx ON suppressions USING btree (contact_id) WHERE (contact_id IS NOT NULL);
CREATE INDEX suppressions_phone_idx ON suppressions USING btree (phone) WHERE (phone IS NOT NULL);
CREATE INDEX tasks_assignee_status_idx ON tasks USING btree (assignee_id, status, id);
CREATE INDEX tasks_status_id_idx ON tasks USING btree (status, id);
CREATE UNIQUE INDEX team_members_email_key ON team_members USING btree (lower(email));
CREATE INDEX team_members_manager_idx ON team_members USING btree (manager_id);
CREATE INDEX text_analyses_account_idx ON text_analyses USING btree (account_id, at);
CREATE INDEX webhook_events_pending_idx ON webhook_events USING btree (provider, id) WHERE (processed_at IS NULL);
