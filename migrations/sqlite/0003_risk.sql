-- 0003_risk: what the risk analyzer suggests (docs/risk.md), and what a signal does: alerts to
-- supervisors, the level-3 emergency checklist, and debrief flags.
-- migrations/postgres/0003_risk.sql mirrors it.

-- The suggestion for a whole conversation: the highest level any message suggested (never
-- lowered automatically), the categories seen, and when the level last rose.
ALTER TABLE conversations ADD COLUMN risk_level INTEGER NOT NULL DEFAULT 0
  CHECK (risk_level BETWEEN 0 AND 3);
ALTER TABLE conversations ADD COLUMN risk_categories TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN risk_raised_at_ms INTEGER;
-- The waiting queue: higher risk first, then first come, first served (core/queue_order.h).
CREATE INDEX conversations_queue ON conversations (status, risk_level DESC, opened_at_ms, id);
-- Debriefs count a counselor's risky conversations.
CREATE INDEX conversations_risky_by_staff
  ON conversations (assigned_staff_id, risk_level, last_message_at_ms) WHERE risk_level > 0;

-- The suggestion for one message. Spans are byte ranges "begin-end" separated by ','; reasons
-- quote the lexicon, never the message, one per line.
ALTER TABLE messages ADD COLUMN risk_level INTEGER NOT NULL DEFAULT 0
  CHECK (risk_level BETWEEN 0 AND 3);
ALTER TABLE messages ADD COLUMN risk_categories TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN risk_signals TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN risk_spans TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN risk_reasons TEXT NOT NULL DEFAULT '';

-- At most one open (unacknowledged) alert per conversation: later risky messages are grouped
-- into it.
CREATE TABLE risk_alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
  categories TEXT NOT NULL,
  first_at_ms INTEGER NOT NULL,
  last_at_ms INTEGER NOT NULL,
  message_count INTEGER NOT NULL,
  acknowledged_by INTEGER REFERENCES staff (id),
  acknowledged_at_ms INTEGER,
  CHECK ((acknowledged_by IS NULL) = (acknowledged_at_ms IS NULL))
) STRICT;
CREATE UNIQUE INDEX risk_alerts_one_open ON risk_alerts (conversation_id)
  WHERE acknowledged_at_ms IS NULL;
CREATE INDEX risk_alerts_open ON risk_alerts (level DESC, first_at_ms)
  WHERE acknowledged_at_ms IS NULL;

-- The level-3 checklist: each step recorded once, by whom and when.
CREATE TABLE emergency_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  step TEXT NOT NULL
    CHECK (step IN ('keep_chatting', 'ask_location', 'call_emergency', 'supervisor_approval')),
  done_by INTEGER NOT NULL REFERENCES staff (id),
  done_at_ms INTEGER NOT NULL,
  note TEXT NOT NULL,
  UNIQUE (conversation_id, step)
) STRICT;

-- A counselor flagged for a debrief; at most one open flag per counselor.
CREATE TABLE debrief_flags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  flagged_at_ms INTEGER NOT NULL,
  conversation_count INTEGER NOT NULL,
  cleared_by INTEGER REFERENCES staff (id),
  cleared_at_ms INTEGER,
  CHECK ((cleared_by IS NULL) = (cleared_at_ms IS NULL))
) STRICT;
CREATE UNIQUE INDEX debrief_flags_one_open ON debrief_flags (staff_id) WHERE cleared_at_ms IS NULL;

-- Disclosures are audit records; find them per conversation.
CREATE INDEX audit_log_by_target ON audit_log (target_type, target_id, action, id);

-- The journal carries alerts and debrief flags too. It holds only minutes of records, so it is
-- recreated rather than altered (SQLite cannot change a CHECK).
DROP TABLE stream_records;
CREATE TABLE stream_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('message.created', 'message.updated', 'conversation.updated',
                                     'risk.alert', 'staff.debrief')),
  conversation_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  has_before INTEGER NOT NULL CHECK (has_before IN (0, 1)),
  before_status TEXT NOT NULL CHECK (before_status IN ('waiting', 'active', 'closed')),
  before_assigned_staff_id INTEGER,
  subject_id INTEGER NOT NULL,
  sound INTEGER NOT NULL CHECK (sound IN (0, 1))
) STRICT;
CREATE INDEX stream_records_by_time ON stream_records (at_ms);
