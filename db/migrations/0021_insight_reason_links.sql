-- Insights (owner: insights/, issue 17): counting each account once per rollup row without grouping
-- every reason by account. Each reason fact keeps when the same account's previous reason was
-- captured within the same account (prev_account), the same category (prev_category) and the same
-- category and detail (prev_detail), ordered by (captured_at, reason_id); null when there is none.
-- In a period [from, until], the account's first reason of a row is the one whose previous one is
-- null or before `from`: so "accounts" is a plain count of those, and their MRR a plain sum.
-- The per-reason filters split an account's reasons, so each has its own links, taken within the
-- same channel ('none' when not in a conversation), language or voluntary flag. The account filters
-- (segment, plan, owner) keep all of an account's reasons together and need none.
-- insights/refresh.ts maintains them for the accounts whose reasons were added or corrected.
ALTER TABLE insight_reason_facts
  ADD COLUMN prev_account timestamptz,
  ADD COLUMN prev_category timestamptz,
  ADD COLUMN prev_detail timestamptz,
  ADD COLUMN prev_account_channel timestamptz,
  ADD COLUMN prev_category_channel timestamptz,
  ADD COLUMN prev_detail_channel timestamptz,
  ADD COLUMN prev_account_lang timestamptz,
  ADD COLUMN prev_category_lang timestamptz,
  ADD COLUMN prev_detail_lang timestamptz,
  ADD COLUMN prev_account_voluntary timestamptz,
  ADD COLUMN prev_category_voluntary timestamptz,
  ADD COLUMN prev_detail_voluntary timestamptz;

-- The facts are a maintained copy: emptied here, rebuilt with their links by the next refresh, which
-- the next read runs first (no refresh recorded), so the links are defined in one place (refresh.ts).
TRUNCATE insight_reason_facts;
DELETE FROM insight_refresh;

-- the verbatims of a rollup row: its newest reasons, read backwards in the rollup's own order
DROP INDEX insight_reason_facts_category_idx;
CREATE INDEX insight_reason_facts_category_idx ON insight_reason_facts (category, detail, captured_at, reason_id);

-- the broad per-reason filters read their rows of the period only (as plan, owner and segment do)
CREATE INDEX insight_reason_facts_channel_idx ON insight_reason_facts ((coalesce(channel, 'none')), captured_at);
CREATE INDEX insight_reason_facts_lang_idx ON insight_reason_facts (lang, captured_at);
CREATE INDEX insight_reason_facts_voluntary_idx ON insight_reason_facts (voluntary, captured_at);

-- competitors and features named: the few reasons that name one
CREATE INDEX insight_reason_facts_mentions_idx ON insight_reason_facts (captured_at) WHERE competitor IS NOT NULL OR feature IS NOT NULL;
