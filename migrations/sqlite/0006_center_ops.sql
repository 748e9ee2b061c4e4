-- 0006_center_ops: what running a center needs around the conversations: when each was taken and
-- how it ended (reports), the reply nudge, pending wrap-ups and queue-position notices, versioned
-- message templates, who has a console open, and the answers to the after-close survey.
-- migrations/postgres/0006_center_ops.sql mirrors it.

-- When a staff member first took the conversation; reports count the wait from queued_at_ms to
-- here. Earlier conversations take the first time a staff member joined them.
ALTER TABLE conversations ADD COLUMN taken_at_ms INTEGER;
UPDATE conversations SET taken_at_ms = (
  SELECT min(p.joined_at_ms) FROM conversation_participants p
  WHERE p.conversation_id = conversations.id AND p.kind = 'staff');
-- The first of the person's messages that staff have not answered yet (the console's reply
-- nudge counts from here); NULL once a staff message answers it.
ALTER TABLE conversations ADD COLUMN awaiting_reply_since_ms INTEGER;
-- How it ended (core::EndReasonName), '' while open. Of the earlier closed conversations, those
-- with a wrap-up were closed by staff and those the chatbot ended were ended by it; the reason of
-- the others was not recorded and stays ''.
ALTER TABLE conversations ADD COLUMN end_reason TEXT NOT NULL DEFAULT ''
  CHECK (end_reason IN ('', 'staff', 'idle', 'closing_time', 'abandoned', 'out_of_hours',
                        'overflow', 'declined', 'bot_ended'));
UPDATE conversations SET end_reason = 'staff'
  WHERE status = 'closed' AND id IN (SELECT conversation_id FROM wrap_ups);
UPDATE conversations SET end_reason = 'bot_ended'
  WHERE status = 'closed' AND end_reason = '' AND bot_status = 'ended';
-- Closed by the system (idle, closing time) while a staff member had it: the wrap-up is written
-- afterwards.
ALTER TABLE conversations ADD COLUMN wrap_up_pending INTEGER NOT NULL DEFAULT 0
  CHECK (wrap_up_pending IN (0, 1));
-- The last queue position the person was told, and when; 0 and 0 when never told.
ALTER TABLE conversations ADD COLUMN queue_notice_position INTEGER NOT NULL DEFAULT 0
  CHECK (queue_notice_position >= 0);
ALTER TABLE conversations ADD COLUMN queue_notice_at_ms INTEGER NOT NULL DEFAULT 0;
-- Reports read a program's conversations by the time they opened (ListConversationFacts, and the
-- survey counts through them).
CREATE INDEX conversations_by_program_opened ON conversations (program_id, opened_at_ms);

-- Message templates, per program and key. Versions count from 1 and are only added: the latest
-- is the one in use, the older ones stay for the record. The unique key also serves the latest
-- version of each key and one key's history, newest first.
CREATE TABLE templates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_key TEXT NOT NULL,
  template_key TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  body TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  UNIQUE (program_key, template_key, version)
) STRICT;

-- Staff whose console says it is open: one row each, replaced on every report and deleted when
-- the console closes. The dashboard treats a row older than the presence timeout as gone.
CREATE TABLE staff_presence (
  staff_id INTEGER PRIMARY KEY REFERENCES staff (id),
  status TEXT NOT NULL CHECK (status IN ('online', 'away')),
  last_seen_ms INTEGER NOT NULL
) STRICT;

-- Answers to the after-close survey: question is the survey scenario's node id, answer the
-- button's value. One per question and conversation; the first stands.
CREATE TABLE survey_answers (
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, question)
) STRICT;
