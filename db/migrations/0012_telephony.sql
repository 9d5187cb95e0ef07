-- SMS (owner: telephony/, issue 11): every text in and out, with its Twilio SID, status and error.
-- An inbound text is stored once by its MessageSid before the webhook answers; an outbound one is a
-- row first ('pending', due at due_at) and is sent by a job that checks the opt-outs in the same
-- transaction that marks it 'sending', so a STOP that arrived meanwhile stops it.

CREATE TABLE messages (
  id               text PRIMARY KEY,
  -- Twilio's MessageSid (SM…): an inbound text's from the start, an outbound one's once sent
  sid              text UNIQUE,
  direction        text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  -- inbound: what the words were (a customer turn or a carrier keyword); outbound: why it is sent
  kind             text NOT NULL CHECK (kind IN ('turn', 'opt_out', 'opt_in', 'help', 'agent')),
  conversation_id  text REFERENCES conversations (id),
  contact_id       text REFERENCES contacts (id),
  from_number      text NOT NULL,
  to_number        text NOT NULL,
  body             text NOT NULL,
  -- inbound: received → handled; outbound: pending → sending → queued → sent → delivered |
  -- undelivered | failed, or blocked (never sent: opted out, conversation over)
  status           text NOT NULL,
  error_code       integer,
  -- why a message was blocked, or the error's text
  error_message    text,
  segments         smallint,
  -- 2 for the one retry after 30003 (unreachable handset)
  attempt          smallint NOT NULL DEFAULT 1,
  -- an agent reply: the inbound message it answers (a turn worked twice replies once)
  reply_to         text REFERENCES messages (id),
  -- a retry: the message it repeats (retried once)
  retry_of         text REFERENCES messages (id),
  due_at           timestamptz,
  sent_at          timestamptz,
  updated_at       timestamptz NOT NULL,
  created_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX messages_reply_uniq ON messages (reply_to) WHERE reply_to IS NOT NULL;
CREATE UNIQUE INDEX messages_retry_uniq ON messages (retry_of) WHERE retry_of IS NOT NULL;
CREATE INDEX messages_conversation_idx ON messages (conversation_id, created_at);
CREATE INDEX messages_contact_idx ON messages (contact_id, created_at);
-- the sweep of texts whose job was lost: outbound ones due, inbound ones not yet worked
CREATE INDEX messages_pending_idx ON messages (due_at) WHERE status = 'pending';
CREATE INDEX messages_received_idx ON messages (created_at) WHERE status = 'received';
-- the open SMS thread of a contact, looked up for every inbound text
CREATE INDEX conversations_open_sms_idx ON conversations (contact_id, started_at DESC) WHERE status = 'open' AND channel = 'sms';
