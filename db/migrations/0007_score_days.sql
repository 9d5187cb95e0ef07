-- Scoring (owner: scoring/): a per-account daily rollup of the frequent event kinds, so a score reads
-- one narrow row per day instead of every raw event and its JSON payload.
--
-- A row holds the events of one account that occurred on one day and became known (received) on one
-- day. Days run from midnight (exclusive) to the next midnight (inclusive): a score as of midnight T
-- counts exactly the events with occurred_at and received_at at or before T, as the contract asks
-- (CONTRACTS.md section 2), by reading the rows with day <= T's day and known <= T's day. Live events
-- arrive on their day or the next, so an account has one or two rows a day.
--
-- It is kept up to date in the statement that inserts the events (the trigger below), in the same
-- transaction, whatever path inserted them. Events are never updated or deleted (stored once).

CREATE TABLE score_days (
  account_id        text NOT NULL,
  day               date NOT NULL,
  known             date NOT NULL,
  usage_n           integer NOT NULL,
  active_users      integer NOT NULL,
  key_actions       integer NOT NULL,
  features          integer NOT NULL,
  tickets_opened    integer NOT NULL,
  tickets_resolved  integer NOT NULL,
  tickets_reopened  integer NOT NULL,
  -- the newest of each, as evidence, and the first and last ticket times (unresolved age, silence)
  ticket_opened_id   bigint,
  ticket_reopened_id bigint,
  ticket_first_at    timestamptz,
  ticket_last_at     timestamptz,
  invoices_issued   integer NOT NULL,
  invoices_paid     integer NOT NULL,
  received_max      timestamptz NOT NULL,
  PRIMARY KEY (account_id, day, known)
);
-- a recompute of every account reads the last 150 days; rows arrive in day order, so a BRIN index is enough
CREATE INDEX score_days_day_idx ON score_days USING brin (day);

-- The same, for the rare kinds a score reads over a year (calls, surveys, billing troubles, churn
-- reasons, exports, contact changes, notes): a few rows per account and year, so reading a year of
-- them costs less than finding them among the raw events by kind.
CREATE TABLE score_rare_days (
  account_id          text NOT NULL,
  day                 date NOT NULL,
  known               date NOT NULL,
  payments_failed     integer NOT NULL,
  payment_failed_id   bigint,
  downgrades          integer NOT NULL,
  downgrade_id        bigint,
  exports             integer NOT NULL,
  export_id           bigint,
  contact_changes     integer NOT NULL,
  contact_change_id   bigint,
  calls               integer NOT NULL,
  call_seconds        double precision NOT NULL,
  calls_timed         integer NOT NULL,
  calls_technical     integer NOT NULL,
  calls_strategic     integer NOT NULL,
  call_id             bigint,
  nps_n               integer NOT NULL,
  nps_sum             double precision NOT NULL,
  nps_id              bigint,
  csat_n              integer NOT NULL,
  csat_sum            double precision NOT NULL,
  reasons             integer NOT NULL,
  reason_min          text,
  reason_max          text,
  reason_id           bigint,
  -- the last call, survey answer or stated reason (silence)
  contact_last_at     timestamptz,
  received_max        timestamptz NOT NULL,
  PRIMARY KEY (account_id, day, known)
);

-- The one statement that folds a set of events into each rollup: used by the trigger on each insert's
-- new rows, and by score_days_rebuild() on the whole events table (after a bulk load, and below).
CREATE FUNCTION score_days_fold_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fold$
SELECT format($sql$
  INSERT INTO score_days AS d (account_id, day, known, usage_n, active_users, key_actions, features, tickets_opened, tickets_resolved,
    tickets_reopened, ticket_opened_id, ticket_reopened_id, ticket_first_at, ticket_last_at, invoices_issued, invoices_paid, received_max)
  SELECT account_id, day, known,
    count(*) FILTER (WHERE kind = 'usage.daily'),
    coalesce(sum((payload->>'active_users')::int) FILTER (WHERE kind = 'usage.daily'), 0),
    coalesce(sum((payload->>'key_actions')::int) FILTER (WHERE kind = 'usage.daily'), 0),
    coalesce(sum(jsonb_array_length(payload->'features_used')) FILTER (WHERE kind = 'usage.daily'), 0),
    count(*) FILTER (WHERE kind = 'ticket.opened'),
    count(*) FILTER (WHERE kind = 'ticket.resolved'),
    count(*) FILTER (WHERE kind = 'ticket.reopened'),
    max(id) FILTER (WHERE kind = 'ticket.opened'),
    max(id) FILTER (WHERE kind = 'ticket.reopened'),
    min(occurred_at) FILTER (WHERE kind = 'ticket.opened'),
    max(occurred_at) FILTER (WHERE kind IN ('ticket.opened', 'ticket.reopened')),
    count(*) FILTER (WHERE kind = 'invoice.issued'),
    count(*) FILTER (WHERE kind = 'invoice.paid'),
    max(received_at)
  FROM (
    SELECT e.id, e.kind, e.account_id, e.occurred_at, e.received_at, e.payload,
           ((e.occurred_at - interval '1 microsecond') AT TIME ZONE 'UTC')::date AS day,
           ((greatest(e.occurred_at, e.received_at) - interval '1 microsecond') AT TIME ZONE 'UTC')::date AS known
    FROM %I e
    WHERE e.kind IN ('usage.daily', 'login', 'feature.used', 'ticket.opened', 'ticket.resolved', 'ticket.reopened', 'invoice.issued', 'invoice.paid')
  ) e
  GROUP BY account_id, day, known
  -- one order for every insert, so concurrent inserts lock rollup rows in the same order and cannot
  -- deadlock on them; by day first, so a rebuild lays the table out as live ingestion does (day by day)
  ORDER BY day, account_id, known
  ON CONFLICT (account_id, day, known) DO UPDATE SET
    usage_n = d.usage_n + excluded.usage_n, active_users = d.active_users + excluded.active_users,
    key_actions = d.key_actions + excluded.key_actions, features = d.features + excluded.features,
    tickets_opened = d.tickets_opened + excluded.tickets_opened, tickets_resolved = d.tickets_resolved + excluded.tickets_resolved,
    tickets_reopened = d.tickets_reopened + excluded.tickets_reopened,
    ticket_opened_id = greatest(d.ticket_opened_id, excluded.ticket_opened_id), ticket_reopened_id = greatest(d.ticket_reopened_id, excluded.ticket_reopened_id),
    ticket_first_at = least(d.ticket_first_at, excluded.ticket_first_at), ticket_last_at = greatest(d.ticket_last_at, excluded.ticket_last_at),
    invoices_issued = d.invoices_issued + excluded.invoices_issued, invoices_paid = d.invoices_paid + excluded.invoices_paid,
    received_max = greatest(d.received_max, excluded.received_max)
$sql$, source)
$fold$;

CREATE FUNCTION score_rare_days_fold_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fold$
SELECT format($sql$
  INSERT INTO score_rare_days AS d (account_id, day, known, payments_failed, payment_failed_id, downgrades, downgrade_id, exports, export_id,
    contact_changes, contact_change_id, calls, call_seconds, calls_timed, calls_technical, calls_strategic, call_id, nps_n, nps_sum, nps_id,
    csat_n, csat_sum, reasons, reason_min, reason_max, reason_id, contact_last_at, received_max)
  SELECT account_id, day, known,
    count(*) FILTER (WHERE kind = 'payment.failed'), max(id) FILTER (WHERE kind = 'payment.failed'),
    count(*) FILTER (WHERE kind = 'subscription.downgraded'), max(id) FILTER (WHERE kind = 'subscription.downgraded'),
    count(*) FILTER (WHERE kind = 'data_export.requested'), max(id) FILTER (WHERE kind = 'data_export.requested'),
    count(*) FILTER (WHERE kind = 'contact.changed'), max(id) FILTER (WHERE kind = 'contact.changed'),
    count(*) FILTER (WHERE kind = 'call.completed'),
    coalesce(sum((payload->>'duration_s')::float8) FILTER (WHERE kind = 'call.completed'), 0),
    count(payload->>'duration_s') FILTER (WHERE kind = 'call.completed'),
    count(*) FILTER (WHERE kind = 'call.completed' AND payload->>'topic' = 'technical'),
    count(*) FILTER (WHERE kind = 'call.completed' AND payload->>'topic' = 'strategic'),
    max(id) FILTER (WHERE kind = 'call.completed'),
    count(payload->>'score') FILTER (WHERE kind = 'nps.answered'),
    coalesce(sum((payload->>'score')::float8) FILTER (WHERE kind = 'nps.answered'), 0),
    max(id) FILTER (WHERE kind = 'nps.answered'),
    count(payload->>'score') FILTER (WHERE kind = 'csat.answered'),
    coalesce(sum((payload->>'score')::float8) FILTER (WHERE kind = 'csat.answered'), 0),
    count(*) FILTER (WHERE kind = 'churn_reason.captured'),
    min(payload->>'category') FILTER (WHERE kind = 'churn_reason.captured'),
    max(payload->>'category') FILTER (WHERE kind = 'churn_reason.captured'),
    max(id) FILTER (WHERE kind = 'churn_reason.captured'),
    max(occurred_at) FILTER (WHERE kind IN ('call.completed', 'nps.answered', 'csat.answered', 'churn_reason.captured')),
    max(received_at)
  FROM (
    SELECT e.id, e.kind, e.account_id, e.occurred_at, e.received_at, e.payload,
           ((e.occurred_at - interval '1 microsecond') AT TIME ZONE 'UTC')::date AS day,
           ((greatest(e.occurred_at, e.received_at) - interval '1 microsecond') AT TIME ZONE 'UTC')::date AS known
    FROM %I e
    WHERE e.kind IN ('nps.answered', 'csat.answered', 'call.completed', 'note.logged', 'churn_reason.captured', 'data_export.requested',
                     'contact.changed', 'payment.failed', 'subscription.downgraded')
  ) e
  GROUP BY account_id, day, known
  ORDER BY day, account_id, known
  ON CONFLICT (account_id, day, known) DO UPDATE SET
    payments_failed = d.payments_failed + excluded.payments_failed, payment_failed_id = greatest(d.payment_failed_id, excluded.payment_failed_id),
    downgrades = d.downgrades + excluded.downgrades, downgrade_id = greatest(d.downgrade_id, excluded.downgrade_id),
    exports = d.exports + excluded.exports, export_id = greatest(d.export_id, excluded.export_id),
    contact_changes = d.contact_changes + excluded.contact_changes, contact_change_id = greatest(d.contact_change_id, excluded.contact_change_id),
    calls = d.calls + excluded.calls, call_seconds = d.call_seconds + excluded.call_seconds, calls_timed = d.calls_timed + excluded.calls_timed,
    calls_technical = d.calls_technical + excluded.calls_technical, calls_strategic = d.calls_strategic + excluded.calls_strategic,
    call_id = greatest(d.call_id, excluded.call_id),
    nps_n = d.nps_n + excluded.nps_n, nps_sum = d.nps_sum + excluded.nps_sum, nps_id = greatest(d.nps_id, excluded.nps_id),
    csat_n = d.csat_n + excluded.csat_n, csat_sum = d.csat_sum + excluded.csat_sum,
    reasons = d.reasons + excluded.reasons, reason_min = least(d.reason_min, excluded.reason_min), reason_max = greatest(d.reason_max, excluded.reason_max),
    reason_id = greatest(d.reason_id, excluded.reason_id), contact_last_at = greatest(d.contact_last_at, excluded.contact_last_at),
    received_max = greatest(d.received_max, excluded.received_max)
$sql$, source)
$fold$;

CREATE FUNCTION score_days_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE score_days_fold_sql('new_events');
  EXECUTE score_rare_days_fold_sql('new_events');
  RETURN NULL;
END
$$;

CREATE TRIGGER events_score_days AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION score_days_add();

-- The rollup from scratch: after a bulk load that bypassed the trigger, and for the events stored before this migration.
CREATE FUNCTION score_days_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM score_days;
  DELETE FROM score_rare_days;
  EXECUTE score_days_fold_sql('events');
  EXECUTE score_rare_days_fold_sql('events');
END
$$;

SELECT score_days_rebuild();

-- The customer texts among the events (CSM notes, NPS answers with a comment), which scoring analyses
-- once each: without it every recompute walked every NPS answer to find the few with words.
CREATE INDEX events_customer_texts_idx ON events (account_id, id)
  WHERE kind = 'note.logged' OR (kind = 'nps.answered' AND coalesce(payload->>'comment', '') <> '');

-- Score rows are derived data, written only by scoring for accounts it has just read, and accounts are
-- never deleted. Checking each new row against accounts took a row lock on the account (a write) per
-- score row: about a third of the time a recompute of every account spent writing its scores.
ALTER TABLE scores DROP CONSTRAINT scores_account_id_fkey;
ALTER TABLE current_scores DROP CONSTRAINT current_scores_account_id_fkey;
