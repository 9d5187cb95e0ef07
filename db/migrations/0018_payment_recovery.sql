-- Payment recovery (dunning/retry, dunning/links): the attempt ledger every retry limit is counted
-- on, Tenure's own retries with their idempotency keys, and the pay links sent to customers.

-- Every attempt on a card, from every source (Stripe's Smart Retries, Tenure's retries, the customer
-- paying after a card update), once per charge. The card-network limits are counted here.
CREATE TABLE card_attempts (
  id            text PRIMARY KEY,
  -- the payment method charged (Stripe's card fingerprint is not read: one card, one payment method here)
  card          text NOT NULL,
  brand         text,
  case_id       text REFERENCES dunning_cases (id),
  invoice_id    text NOT NULL,
  source        text NOT NULL CHECK (source IN ('stripe', 'tenure', 'customer')),
  attempted_at  timestamptz NOT NULL,
  succeeded     boolean NOT NULL,
  -- the issuer or the network said never again on this card (Visa category 1, MAC 03/21, do_not_try_again)
  do_not_retry  boolean NOT NULL DEFAULT false,
  charge_id     text UNIQUE,
  created_at    timestamptz NOT NULL
);
CREATE INDEX card_attempts_card_idx ON card_attempts (card, attempted_at);
CREATE INDEX card_attempts_invoice_idx ON card_attempts (invoice_id, attempted_at);

-- Tenure's own retries of an invoice. The row, with its idempotency key, commits before the call to
-- Stripe; a row still 'calling' after a crash is settled from the invoice and its charges, not from
-- Stripe's memory of the key (pruned after 24 hours).
CREATE TABLE dunning_retries (
  id               text PRIMARY KEY,
  case_id          text NOT NULL REFERENCES dunning_cases (id),
  invoice_id       text NOT NULL,
  seq              integer NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,
  -- scheduled: an automatic retry; card_updated: the customer gave a new card, pay at once
  reason           text NOT NULL CHECK (reason IN ('scheduled', 'card_updated')),
  state            text NOT NULL CHECK (state IN ('calling', 'succeeded', 'failed', 'not_open')),
  -- charges on the invoice before the call: a crashed call is known to have happened if there are more
  charges_before   integer NOT NULL,
  charge_id        text,
  started_at       timestamptz NOT NULL,
  finished_at      timestamptz,
  UNIQUE (case_id, seq)
);
CREATE INDEX dunning_retries_calling_idx ON dunning_retries (started_at) WHERE state = 'calling';
CREATE INDEX dunning_retries_case_idx ON dunning_retries (case_id, seq);

-- The customer gave a new card after the case opened: the next retry is theirs, not an automatic one.
ALTER TABLE dunning_cases ADD COLUMN card_updated_at timestamptz;

-- Pay links (PUBLIC_BASE_URL/pay/TOKEN): only the token's SHA-256 is kept, so neither the table nor
-- a backup can open one. Single purpose, tied to one case, dead once the case closes or it expires.
CREATE TABLE pay_links (
  token_hash      text PRIMARY KEY,
  case_id         text NOT NULL REFERENCES dunning_cases (id),
  purpose         text NOT NULL CHECK (purpose IN ('payment_method_update', 'authenticate')),
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  opened_count    integer NOT NULL DEFAULT 0,
  last_opened_at  timestamptz
);
CREATE INDEX pay_links_case_idx ON pay_links (case_id, created_at);

-- Pre-dunning: one friendly request per expiring card.
CREATE TABLE predunning_notices (
  card         text PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts (id),
  exp_month    integer NOT NULL,
  exp_year     integer NOT NULL,
  created_at   timestamptz NOT NULL
);

-- A card update pays the customer's open cases at once (dunning/cases.ts applyCardUpdate).
CREATE INDEX dunning_cases_customer_open_idx ON dunning_cases (customer_id) WHERE closed_at IS NULL;

-- GET /v1/dunning/cases: newest first, optionally by reason; the finance view reads by opening date.
CREATE INDEX dunning_cases_opened_idx ON dunning_cases (opened_at, id);
CREATE INDEX dunning_cases_reason_idx ON dunning_cases (reason_class, opened_at);

-- Sandbox mode's billing month (dunning/sandbox-month.ts): each simulated day's renewals run once.
CREATE TABLE dunning_sandbox_days (
  day         date PRIMARY KEY,
  failures    integer NOT NULL,
  created_at  timestamptz NOT NULL
);

-- Pre-dunning passes: the expiring-card check runs once a day.
CREATE TABLE predunning_runs (
  day         date PRIMARY KEY,
  checked     integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL
);
