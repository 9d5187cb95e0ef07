-- Voice (owner: telephony/, issue 13): one row per outbound call attempt (a "leg"). A leg is a row
-- first ('pending', due at due_at); the call job moves it to 'dialing' in its own committed statement
-- before calls.create, so a call is never placed twice. Twilio's status callbacks then move it
-- forward; a busy, unanswered or machine-answered call may queue one more leg (retry_of), once.

CREATE TABLE call_legs (
  id               text PRIMARY KEY,
  -- Twilio's CallSid (CA…), once calls.create answered
  sid              text UNIQUE,
  -- the conversation this call holds (opened by the agent when the call is dialled)
  conversation_id  text NOT NULL,
  contact_id       text NOT NULL REFERENCES contacts (id),
  account_id       text NOT NULL REFERENCES accounts (id),
  -- the planner's outreach this call makes, and its outreach_log row (the caps count it)
  outreach_id      text REFERENCES outreach (id),
  outreach_log_id  text REFERENCES outreach_log (id),
  play             text NOT NULL,
  purpose          text NOT NULL,
  lang             text NOT NULL,
  from_number      text NOT NULL,
  to_number        text NOT NULL,
  -- pending → dialing → queued/initiated/ringing/in-progress → completed | busy | no-answer | failed
  -- | canceled; blocked: never dialled (the policy refused it when due)
  status           text NOT NULL,
  answered_by      text,
  -- how the ConversationRelay session went: connected, ended (by Tenure), dropped, reconnected
  relay            text,
  -- how many times the <Connect action> reconnected a dropped session (at most once)
  reconnects       smallint NOT NULL DEFAULT 0,
  handoff          jsonb,
  error_code       integer,
  error_message    text,
  duration_s       integer,
  attempt          smallint NOT NULL DEFAULT 1,
  retry_of         text REFERENCES call_legs (id),
  due_at           timestamptz NOT NULL,
  dialed_at        timestamptz,
  ended_at         timestamptz,
  updated_at       timestamptz NOT NULL,
  created_at       timestamptz NOT NULL
);
-- a leg is retried once at most
CREATE UNIQUE INDEX call_legs_retry_uniq ON call_legs (retry_of) WHERE retry_of IS NOT NULL;
-- the call job's sweep: legs due and not yet dialled
CREATE INDEX call_legs_due_idx ON call_legs (due_at) WHERE status = 'pending';
CREATE INDEX call_legs_conversation_idx ON call_legs (conversation_id);
CREATE INDEX call_legs_contact_idx ON call_legs (contact_id, created_at);
