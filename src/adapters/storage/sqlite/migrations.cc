// Keep each raw string byte-identical to migrations/sqlite/NNNN_<name>.sql (a unit test checks).
// A migration is never edited once released: schema changes go into a new numbered migration.
#include "adapters/storage/sqlite/migrations.h"

#include <array>

namespace tsunagu::adapters::sqlite {
namespace {

constexpr std::string_view kMigration0001 =
    R"sql(-- 0001_initial: the first schema.
-- migrations/postgres/0001_initial.sql must mirror it (same tables, columns, uniqueness, checks,
-- indexes and triggers), so that both stores pass one contract suite.
-- Enums are stored as their text names from core (RoleName, ConversationStatusName, ...).
-- Booleans are INTEGER 0/1 here and BOOLEAN in PostgreSQL. Timestamps are ms since the epoch, UTC.
-- AUTOINCREMENT keeps ids from being reused after deletes, like PostgreSQL identity columns;
-- readers page with "after_id" and process inbound events in id order, so reuse would skip rows.

CREATE TABLE programs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('counselor', 'supervisor', 'admin')),
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  password_hash TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE clients (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pseudonym TEXT NOT NULL UNIQUE,
  blocked INTEGER NOT NULL CHECK (blocked IN (0, 1)),
  created_at_ms INTEGER NOT NULL
) STRICT;

-- A LINE userId is scoped to one provider, so an identity is unique per channel key.
CREATE TABLE channel_identities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_key TEXT NOT NULL,
  external_id TEXT NOT NULL,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  UNIQUE (channel_key, external_id)
) STRICT;
CREATE INDEX channel_identities_by_client ON channel_identities (client_id, channel_key);

CREATE TABLE conversations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_id INTEGER NOT NULL REFERENCES programs (id),
  client_id INTEGER NOT NULL REFERENCES clients (id),
  channel_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'closed')),
  assigned_staff_id INTEGER REFERENCES staff (id),
  opened_at_ms INTEGER NOT NULL,
  last_message_at_ms INTEGER NOT NULL,
  closed_at_ms INTEGER,
  reply_token TEXT NOT NULL,
  reply_token_expires_at_ms INTEGER NOT NULL
) STRICT;
-- At most one open conversation per client and program, so two processors handling the same
-- client at once cannot both open one. It also serves FindOpenConversation.
CREATE UNIQUE INDEX conversations_one_open ON conversations (client_id, program_id)
  WHERE status <> 'closed';
-- The console lists: by status, or by assigned counselor, newest activity first.
CREATE INDEX conversations_by_status ON conversations (status, last_message_at_ms DESC, id DESC);
CREATE INDEX conversations_by_staff
  ON conversations (assigned_staff_id, last_message_at_ms DESC, id DESC);

-- Who took part in a conversation and when (audit and reports); kind decides which id is set.
CREATE TABLE conversation_participants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  kind TEXT NOT NULL CHECK (kind IN ('client', 'staff', 'bot')),
  client_id INTEGER REFERENCES clients (id),
  staff_id INTEGER REFERENCES staff (id),
  joined_at_ms INTEGER NOT NULL,
  left_at_ms INTEGER,
  CHECK ((kind = 'client') = (client_id IS NOT NULL)),
  CHECK ((kind = 'staff') = (staff_id IS NOT NULL))
) STRICT;
CREATE INDEX conversation_participants_by_conversation
  ON conversation_participants (conversation_id, kind);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  sender_kind TEXT NOT NULL CHECK (sender_kind IN ('client', 'staff', 'bot', 'system')),
  sender_staff_id INTEGER REFERENCES staff (id),
  sender_name TEXT NOT NULL,
  content_kind TEXT NOT NULL CHECK (content_kind IN ('text', 'postback', 'unsupported')),
  content_type TEXT NOT NULL,
  text TEXT NOT NULL,
  external_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  delivery_state TEXT NOT NULL
    CHECK (delivery_state IN ('received', 'queued', 'delivered', 'failed')),
  delivery_error TEXT NOT NULL
) STRICT;
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);

-- Webhook events, stored before the webhook is answered; the id is the processing order.
CREATE TABLE inbound_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_key TEXT NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL
    CHECK (kind IN ('follow', 'unfollow', 'message', 'postback', 'unsupported')),
  type_name TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  source_type TEXT NOT NULL,
  reply_token TEXT NOT NULL,
  occurred_at_ms INTEGER NOT NULL,
  received_at_ms INTEGER NOT NULL,
  redelivery INTEGER NOT NULL CHECK (redelivery IN (0, 1)),
  standby INTEGER NOT NULL CHECK (standby IN (0, 1)),
  message_type TEXT NOT NULL,
  message_id TEXT NOT NULL,
  text TEXT NOT NULL,
  raw_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'processed', 'ignored')),
  processed_at_ms INTEGER,
  UNIQUE (channel_key, event_id)
) STRICT;
CREATE INDEX inbound_events_by_state ON inbound_events (state, id);

-- Sends to the channel. lease_until_ms keeps a claimed item from a second sender; it is 0 when
-- nobody holds it. retry_key is the X-Line-Retry-Key and never changes between attempts.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id INTEGER NOT NULL REFERENCES messages (id),
  channel_key TEXT NOT NULL,
  recipient_id TEXT NOT NULL,
  sender_name TEXT NOT NULL,
  reply_token TEXT NOT NULL,
  reply_token_expires_at_ms INTEGER NOT NULL,
  retry_key TEXT NOT NULL UNIQUE,
  attempts INTEGER NOT NULL,
  next_attempt_at_ms INTEGER NOT NULL,
  lease_until_ms INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
  last_error TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at_ms);

-- Console sessions. Only the hash of the cookie is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  csrf_token TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_staff ON sessions (staff_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at_ms);

-- Append only: the triggers refuse every UPDATE and DELETE, whoever issues them.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  actor_staff_id INTEGER REFERENCES staff (id),
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
)sql";

constexpr std::string_view kMigration0002 =
    R"sql(-- 0002_cluster: what several nodes share: the next event per sender, the head of each
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
)sql";

constexpr std::string_view kMigration0003 =
    R"sql(-- 0003_risk: what the risk analyzer suggests (docs/risk.md), and what a signal does: alerts to
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
)sql";

constexpr std::string_view kMigration0004 =
    R"sql(-- 0004_bot: the chatbot (docs/scenarios.md): where a scenario is with each conversation, when the
-- person joined the human queue, buttons and images on messages, answers to the terms of use,
-- and every scenario version that was activated.
-- migrations/postgres/0004_bot.sql mirrors it.

-- When the person joined the human queue; NULL while the chatbot still talks to them. The
-- conversations opened before the chatbot joined the queue when they opened.
ALTER TABLE conversations ADD COLUMN queued_at_ms INTEGER;
UPDATE conversations SET queued_at_ms = opened_at_ms;
-- The chatbot's state: BotStatusName, the scenario version it runs (bot::ScenarioVersionId), the
-- question it waits at, and its variables (core::BotVariablesText, stored as given).
ALTER TABLE conversations ADD COLUMN bot_status TEXT NOT NULL DEFAULT 'none'
  CHECK (bot_status IN ('none', 'running', 'handed_over', 'ended'));
ALTER TABLE conversations ADD COLUMN bot_scenario TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN bot_node TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN bot_variables TEXT NOT NULL DEFAULT '';
-- The queue counts from joining it (core/queue_order.h): higher risk first, then
-- COALESCE(queued_at_ms, opened_at_ms), then id; it is read per status ('waiting'), so the
-- status leads and the index gives the order without a sort. Only people in the queue are in
-- the index: those the chatbot still talks to are not waiting for a counselor. (Limited to
-- status = 'waiting' as well it would be smaller, but the listing binds its status: SQLite's
-- planner does not choose such an index for it, and PostgreSQL's generic plans cannot use it.)
DROP INDEX conversations_queue;
CREATE INDEX conversations_queue
  ON conversations (status, risk_level DESC, (COALESCE(queued_at_ms, opened_at_ms)), id)
  WHERE queued_at_ms IS NOT NULL;

-- Buttons under a bot message (core::QuickRepliesText: one per line, fields separated by a tab)
-- and the address of an image (content_type 'image'; text is then its alternative text).
ALTER TABLE messages ADD COLUMN quick_replies TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN media_url TEXT NOT NULL DEFAULT '';

-- Each answer to the terms of use, as a record of its own: who, in which conversation, which
-- terms, agreed or not, and when.
CREATE TABLE consents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  terms_version TEXT NOT NULL,
  agreed INTEGER NOT NULL CHECK (agreed IN (0, 1)),
  at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX consents_by_client ON consents (client_id, at_ms, id);

-- Every scenario version that was activated, kept so that a conversation in the middle of one
-- goes on with it after a reload, a restart or on another node. The active version of a key is
-- the one activated last (the greatest activated_at_ms, then the later id).
CREATE TABLE scenario_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario_key TEXT NOT NULL,
  version_id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  activated_at_ms INTEGER NOT NULL,
  activated_by TEXT NOT NULL
) STRICT;
CREATE INDEX scenario_versions_active
  ON scenario_versions (scenario_key, activated_at_ms DESC, id DESC);
)sql";

constexpr std::string_view kMigration0005 =
    R"sql(-- 0005_wrapup: the wrap-up a counselor writes when closing a conversation (core/wrap_up.h):
-- topics, the risk level they judged, the outcome and an optional summary. Reports count these,
-- so each topic is a row of its own. Conversations the chatbot ended have none.
-- migrations/postgres/0005_wrapup.sql mirrors it.

-- At most one per conversation, written in the transaction that closes it.
CREATE TABLE wrap_ups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id INTEGER NOT NULL UNIQUE REFERENCES conversations (id),
  risk_level INTEGER NOT NULL CHECK (risk_level BETWEEN 0 AND 3),
  outcome TEXT NOT NULL CHECK (outcome IN ('close_contact', 'continue', 'interrupted', 'referral',
                                           'phone', 'ended')),
  summary TEXT NOT NULL,
  by_staff_id INTEGER NOT NULL REFERENCES staff (id),
  at_ms INTEGER NOT NULL
) STRICT;
-- Reports count by period and outcome.
CREATE INDEX wrap_ups_by_time ON wrap_ups (at_ms);

-- The topic codes of a wrap-up (data/topics.tsv), one row each.
CREATE TABLE wrap_up_topics (
  conversation_id INTEGER NOT NULL REFERENCES wrap_ups (conversation_id),
  topic_code TEXT NOT NULL,
  PRIMARY KEY (conversation_id, topic_code)
) STRICT;
CREATE INDEX wrap_up_topics_by_code ON wrap_up_topics (topic_code);
)sql";

constexpr std::string_view kMigration0006 =
    R"sql(-- 0006_center_ops: what running a center needs around the conversations: when each was taken and
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
)sql";

constexpr std::string_view kMigration0007 =
    R"sql(-- 0007_audit_chain: the audit log becomes a hash chain (core/audit_chain.h, docs/operations.md
-- "Checking the audit log"), it can be searched, and staff can have the auditor role.
-- migrations/postgres/0007_audit_chain.sql mirrors it.

-- Each record's link: hash = SHA-256(prev_hash || the record's canonical bytes), in lowercase hex.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Where the chain ends; one row, written by every append (the append's id is last_id + 1).
-- Records with ids up to legacy_last_id were written before this migration.
CREATE TABLE audit_chain_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL,
  legacy_last_id INTEGER NOT NULL
) STRICT;

-- The records written before the chain are chained here, in id order, with the same canonical
-- bytes as core::AuditCanonicalBytes (each field a netstring: byte length, ':', bytes, ',').
-- SQLite has no SHA-256 of its own: tsunagu_sha256_hex is platform::Sha256Hex, registered by the
-- store on its connection, so this migration runs only inside tsunagu.
DROP TRIGGER audit_log_no_update;
WITH RECURSIVE chain (id, prev_hash, hash) AS (
  SELECT 0, '', '0000000000000000000000000000000000000000000000000000000000000000'
  UNION ALL
  SELECT a.id, chain.hash, tsunagu_sha256_hex(
      chain.hash
      || length(CAST(CAST(a.id AS TEXT) AS BLOB)) || ':' || a.id || ','
      || length(CAST(CAST(a.at_ms AS TEXT) AS BLOB)) || ':' || a.at_ms || ','
      || length(CAST(coalesce(CAST(a.actor_staff_id AS TEXT), '') AS BLOB)) || ':'
      || coalesce(CAST(a.actor_staff_id AS TEXT), '') || ','
      || length(CAST(a.action AS BLOB)) || ':' || a.action || ','
      || length(CAST(a.target_type AS BLOB)) || ':' || a.target_type || ','
      || length(CAST(a.target_id AS BLOB)) || ':' || a.target_id || ','
      || length(CAST(a.detail AS BLOB)) || ':' || a.detail || ',')
  FROM chain JOIN audit_log a
    ON a.id = (SELECT b.id FROM audit_log b WHERE b.id > chain.id ORDER BY b.id LIMIT 1)
)
UPDATE audit_log SET prev_hash = chain.prev_hash, hash = chain.hash
  FROM chain WHERE chain.id = audit_log.id;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
INSERT INTO audit_chain_head (id, last_id, last_hash, legacy_last_id)
  SELECT 1, id, hash, id FROM audit_log ORDER BY id DESC LIMIT 1;

-- The audit search (GET /api/v1/audit) pages newest first by id within one filter.
CREATE INDEX audit_log_by_action ON audit_log (action, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor_staff_id, id);
CREATE INDEX audit_log_by_at ON audit_log (at_ms);

-- The auditor role: reads the audit log, sees no conversation. SQLite cannot change a CHECK
-- constraint in place; widening one may edit the stored schema (sqlite.org/lang_altertable.html,
-- "simpler procedure"), as no stored row can violate the wider rule.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
  SET sql = replace(sql, 'CHECK (role IN (''counselor'', ''supervisor'', ''admin''))',
                    'CHECK (role IN (''counselor'', ''supervisor'', ''admin'', ''auditor''))')
  WHERE type = 'table' AND name = 'staff';
PRAGMA writable_schema = RESET;
)sql";

constexpr std::array<Migration, 7> kMigrations{{
    {1, "initial", kMigration0001},
    {2, "cluster", kMigration0002},
    {3, "risk", kMigration0003},
    {4, "bot", kMigration0004},
    {5, "wrapup", kMigration0005},
    {6, "center_ops", kMigration0006},
    {7, "audit_chain", kMigration0007},
}};

}  // namespace

std::span<const Migration> EmbeddedMigrations() { return kMigrations; }

}  // namespace tsunagu::adapters::sqlite
