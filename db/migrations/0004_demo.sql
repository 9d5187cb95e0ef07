-- The demo company (owner: ingest/demo/): what was generated, and the truth kept apart.

-- One row once the demo company is seeded: its seed, parameters and the day its history ends.
CREATE TABLE demo_company (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seed        bigint NOT NULL,
  parameters  jsonb NOT NULL,
  history_start timestamptz NOT NULL,
  as_of       timestamptz NOT NULL,
  seeded_at   timestamptz NOT NULL,
  seconds     real NOT NULL
);

-- What really happened to each churner (and to the latent ones, still active, whose churn_at lies
-- after as_of). For checking scores and models against; no feature, score or model query reads it
-- (test/ingest/demo/truth-apart.test.ts).
CREATE TABLE demo_truth (
  account_id  text PRIMARY KEY REFERENCES accounts (id),
  churn_at    timestamptz NOT NULL,
  onset_at    timestamptz NOT NULL,
  reason      text NOT NULL,
  voluntary   boolean NOT NULL
);
