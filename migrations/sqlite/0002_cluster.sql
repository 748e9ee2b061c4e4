-- 0002_cluster: what several nodes share: the next event per sender, the head of each
-- recipient's outbox queue, the stream journal and timers.
-- migrations/postgres/0002_cluster.sql mirrors it.

-- ClaimInboundEvent: is an earlier event of this sender still pending?
CREATE INDEX inbound_events_pending_by_sender ON inbound_events (channel_key, sender_id, id)
  WHERE state = 'pending';
-- ClaimDueOutbox: is an earlier message to this recipient still pending?
CREATE INDEX outbox_pending_by_recipient ON outbox (channel_key, recipient_id, id)
  WHERE state = 'pending';

-- Changes that consoles on every node must see. Short-lived (purged after minutes) and holding
-- ids only, never message text; no foreign keys, so that purging conversations is not held up.
CREATE TABLE stream_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  kind TEXT NOT NULL
    CHECK (kind IN ('message.created', 'message.updated', 'conversation.updated')),
  conversation_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  has_before INTEGER NOT NULL CHECK (has_before IN (0, 1)),
  before_status TEXT NOT NULL CHECK (before_status IN ('waiting', 'active', 'closed')),
  before_assigned_staff_id INTEGER
) STRICT;
CREATE INDEX stream_records_by_time ON stream_records (at_ms);

-- Work due at a time. lease_until_ms keeps a claimed timer from a second node; 0 when free.
CREATE TABLE timers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  due_at_ms INTEGER NOT NULL,
  lease_until_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  UNIQUE (kind, subject)
) STRICT;
CREATE INDEX timers_due ON timers (due_at_ms);
