-- Dunning (dunning/): failed-payment cases, their attempts, the Stripe object mirror.

-- Stripe webhooks not yet worked (server/webhooks.ts stores them; dunning's intake job drains them).
CREATE INDEX webhook_events_pending_idx ON webhook_events (provider, id) WHERE processed_at IS NULL;

-- One case per unpaid invoice. State machine (dunning/cases.ts):
--   open → waiting_for_customer | retry_scheduled → recovered | lost | cancelled
CREATE TABLE dunning_cases (
  id                   text PRIMARY KEY,
  account_id           text NOT NULL REFERENCES accounts (id),
  invoice_id           text NOT NULL UNIQUE,
  subscription_id      text,
  customer_id          text NOT NULL,
  state                text NOT NULL CHECK (state IN ('open', 'waiting_for_customer', 'retry_scheduled', 'recovered', 'lost', 'cancelled')),
  amount_due           bigint NOT NULL CHECK (amount_due >= 0),
  currency             text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- failed attempts seen (Stripe's and Tenure's retries alike)
  attempt_count        integer NOT NULL DEFAULT 0,
  -- the router's decision on the latest failure (never the raw code: that stays on the attempt)
  reason_class         text NOT NULL,
  hard                 boolean NOT NULL,
  retry                text NOT NULL CHECK (retry IN ('never', 'after_customer_action', 'scheduled', 'once_soon')),
  customer_action      text NOT NULL CHECK (customer_action IN ('update_payment_method', 'authenticate', 'contact_bank', 'fix_details', 'none')),
  reveal_reason        boolean NOT NULL,
  cancellation_intent  boolean NOT NULL,
  message_key          text NOT NULL,
  retries_done         integer NOT NULL DEFAULT 0,
  max_retries          integer NOT NULL DEFAULT 0,
  next_retry_at        timestamptz,
  opened_at            timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  closed_at            timestamptz,
  CHECK ((state IN ('recovered', 'lost', 'cancelled')) = (closed_at IS NOT NULL)),
  CHECK (state <> 'retry_scheduled' OR next_retry_at IS NOT NULL)
);
CREATE INDEX dunning_cases_account_idx ON dunning_cases (account_id, opened_at);
CREATE INDEX dunning_cases_subscription_idx ON dunning_cases (subscription_id) WHERE closed_at IS NULL;
CREATE INDEX dunning_cases_retry_due_idx ON dunning_cases (next_retry_at) WHERE state = 'retry_scheduled';
CREATE INDEX dunning_cases_state_idx ON dunning_cases (state, id);

-- Every failed attempt, once: keyed by Stripe's charge (or payment intent and attempt when no charge).
CREATE TABLE payment_attempts (
  id                    text PRIMARY KEY,
  case_id               text NOT NULL REFERENCES dunning_cases (id),
  stripe_key            text NOT NULL UNIQUE,
  payment_intent_id     text,
  charge_id             text,
  attempted_at          timestamptz NOT NULL,
  -- what Stripe said: for finance, never for the customer or a model
  code                  text,
  decline_code          text,
  advice_code           text,
  network_advice_code   text,
  network_decline_code  text,
  outcome_type          text,
  outcome_reason        text,
  payment_method_type   text,
  decision              jsonb NOT NULL,
  created_at            timestamptz NOT NULL
);
CREATE INDEX payment_attempts_case_idx ON payment_attempts (case_id, attempted_at);

-- Every state change of a case, with what caused it.
CREATE TABLE dunning_case_transitions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     text NOT NULL REFERENCES dunning_cases (id),
  from_state  text,
  to_state    text NOT NULL,
  cause       text NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX dunning_case_transitions_case_idx ON dunning_case_transitions (case_id, id);

-- The latest state of each Stripe object Tenure read from the API (invoices, subscriptions, …).
CREATE TABLE stripe_objects (
  id          text PRIMARY KEY,
  object      text NOT NULL,
  customer_id text,
  data        jsonb NOT NULL,
  fetched_at  timestamptz NOT NULL
);
CREATE INDEX stripe_objects_customer_idx ON stripe_objects (customer_id, object);

-- For set-based readers (scoring, insights): cases without any raw decline code.
CREATE VIEW v_dunning_cases AS
  SELECT id AS case_id, account_id, invoice_id, subscription_id, state,
         CASE WHEN state IN ('recovered', 'lost', 'cancelled') THEN state END AS outcome,
         amount_due, currency, attempt_count, reason_class, hard, retry, customer_action, reveal_reason,
         cancellation_intent, message_key, next_retry_at, opened_at, closed_at
  FROM dunning_cases;
