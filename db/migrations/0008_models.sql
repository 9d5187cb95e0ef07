-- Remote models (owner: agent/, issue 9). Every call made to a model for a conversation, with its
-- tokens, latency and cost estimate, and how it ended; and, on each churn reason, which provider's
-- answer was stored and why the remote one was not used when it fell back.

CREATE TABLE model_calls (
  id                 text PRIMARY KEY,
  conversation_id    text NOT NULL REFERENCES conversations (id),
  purpose            text NOT NULL CHECK (purpose IN ('turn_analysis', 'churn_reason', 'summary', 'conversation')),
  model              text NOT NULL,
  attempt            integer NOT NULL CHECK (attempt >= 1),
  -- circuit_open: not sent, the endpoint was in its cool-down after connection failures
  outcome            text NOT NULL CHECK (outcome IN ('ok', 'malformed', 'timeout', 'connection', 'http_error', 'circuit_open')),
  status_code        integer,
  prompt_tokens      integer,
  completion_tokens  integer,
  latency_ms         integer NOT NULL CHECK (latency_ms >= 0),
  cost_usd           numeric(12, 6),
  -- how many personal values were replaced by placeholders in what was sent
  redacted           integer NOT NULL DEFAULT 0,
  at                 timestamptz NOT NULL
);
CREATE INDEX model_calls_conversation_idx ON model_calls (conversation_id, at);

-- Per conversation: what its model calls cost. Read by conversationUsage() and the pages.
CREATE VIEW v_model_usage AS
  SELECT conversation_id,
         count(*)::integer AS calls,
         count(*) FILTER (WHERE outcome <> 'ok')::integer AS failed,
         coalesce(sum(prompt_tokens), 0)::integer AS prompt_tokens,
         coalesce(sum(completion_tokens), 0)::integer AS completion_tokens,
         coalesce(sum(latency_ms), 0)::integer AS latency_ms,
         sum(cost_usd) AS cost_usd
  FROM model_calls
  GROUP BY conversation_id;

-- Which provider's answer a reason is (null: not heard by a provider, e.g. imported), and when the
-- remote model failed, why the offline answer was stored instead (malformed, timeout, …).
ALTER TABLE churn_reasons ADD COLUMN provider text CHECK (provider IN ('offline', 'openai'));
ALTER TABLE churn_reasons ADD COLUMN provider_fallback text;

-- Disputed reasons carry both providers' answers for the person who settles them.
CREATE OR REPLACE VIEW v_churn_reasons AS
  SELECT r.id, r.account_id, r.conversation_id, r.turn_id, r.span_start, r.span_end, r.category, r.detail,
         r.verbatim, r.competitor, r.feature, r.voluntary, r.sentiment, r.confidence, r.source, r.status,
         r.captured_at, c.channel, c.lang, r.alternatives, r.provider, r.provider_fallback
  FROM churn_reasons r
  LEFT JOIN conversations c ON c.id = r.conversation_id;
