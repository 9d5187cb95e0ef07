-- Score batches waiting for their alerts and escalations (owner: scoring/). A batch of score rows
-- shares one as-of time; the statement that writes the rows adds its batch here, in the same
-- transaction, and the `score-alerts` due work raises the batch's alerts and opens its escalations in
-- a transaction of its own, then deletes the row. So a re-score's transaction stays short, and a crash
-- between the two loses nothing: the row stays until its alerts are written.
CREATE TABLE score_batches_pending (
  as_of      timestamptz PRIMARY KEY,
  -- the scoring run's "now": the alerts' created_at and the escalations' opening time
  scored_at  timestamptz NOT NULL
);
