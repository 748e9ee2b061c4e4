-- 0005_wrapup: the wrap-up a counselor writes when closing a conversation (core/wrap_up.h):
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
