-- Scoring (owner: scoring/): cheaper re-scores and score writes.

-- A re-score asks, in its measures statement, whether the account has turn.analyzed events not yet
-- taken into text_analyses (scoring/signals/texts.ts). Without this index that meant walking every
-- event of the account (by account) or every turn.analyzed event (by kind); with it, the account's few.
CREATE INDEX events_turn_analyzed_idx ON events (account_id) WHERE kind = 'turn.analyzed';

-- As 0007 did for the accounts: score rows and current scores are derived data, written only by
-- scoring (scoring/store.ts) with the configuration version it has just read and the score row it has
-- just inserted; configuration versions and score rows are never deleted. The two checks left ran a
-- lookup per row written (and locked the configuration row each time, a write): about a fifth of a
-- nightly snapshot's time, and two of the re-score's store statement's lookups.
ALTER TABLE scores DROP CONSTRAINT scores_config_version_fkey;
ALTER TABLE current_scores DROP CONSTRAINT current_scores_score_id_fkey;

-- A current score is updated in place far more often than it is inserted: by the nightly snapshot
-- (score_id, as_of, checked_at, inputs_through) and whenever a recompute finds new inputs but the same
-- score (checked_at, inputs_through). None of those columns is indexed, so with room on its page the
-- update is a heap-only tuple: no new entry in its three indexes. Full pages made each of them three
-- index inserts.
ALTER TABLE current_scores SET (fillfactor = 50);
