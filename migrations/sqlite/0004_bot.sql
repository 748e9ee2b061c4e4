-- 0004_bot: the chatbot (docs/scenarios.md): where a scenario is with each conversation, when the
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
