-- The churn predictor (owner: scoring/model/, issue 16): every trained model version with its
-- held-out figures and whether it was promoted, and every prediction with its model version and its
-- reason codes in plain words.

CREATE TABLE model_versions (
  version       integer PRIMARY KEY CHECK (version >= 1),
  kind          text NOT NULL CHECK (kind IN ('logistic', 'boosted')),
  -- the as-of time of training: only outcomes known then (rows whose 90 days had passed) were used
  trained_through timestamptz NOT NULL,
  rows          integer NOT NULL,
  positives     integer NOT NULL,
  -- distinct accounts that churned among the training rows (the prior is used below the minimum)
  churned_accounts integer NOT NULL,
  -- {candidate: {auc, pr_auc, ...}, incumbent: {...}, incumbent_name, held_out_rows, held_out_from}
  metrics       jsonb NOT NULL,
  -- the trained model as plain data (scoring/model TrainedModel)
  model         jsonb NOT NULL,
  promoted      boolean NOT NULL,
  -- why it was or was not promoted, in words
  decision      text NOT NULL,
  shuffled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL
);
-- the production model: the newest promoted version
CREATE INDEX model_versions_promoted_idx ON model_versions (version DESC) WHERE promoted;

CREATE TABLE predictions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id     text NOT NULL,
  as_of          timestamptz NOT NULL,
  probability    double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  -- null when the prior (from the health score) was used: too few outcomes to train on
  model_version  integer REFERENCES model_versions (version),
  prior          boolean NOT NULL,
  -- [{code, text, effect}]: what raised or lowered the risk, in plain words
  reason_codes   jsonb NOT NULL,
  computed_at    timestamptz NOT NULL,
  CHECK (prior = (model_version IS NULL))
);
CREATE INDEX predictions_account_idx ON predictions (account_id, as_of DESC, id DESC);

-- Published for other capabilities (the escalation trigger, the dossier, the pages): each account's
-- newest prediction.
CREATE VIEW v_current_predictions AS
  SELECT DISTINCT ON (account_id) account_id, probability, model_version, prior, reason_codes, as_of, computed_at
  FROM predictions
  ORDER BY account_id, as_of DESC, id DESC;
