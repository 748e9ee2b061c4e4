import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleReducer, initialConsoleState } from '../src/lib/consoleState.ts';
import { conversation, message } from './fixtures.mjs';

const me = 3;

function ready(id) {
  let s = initialConsoleState(me, {});
  s = consoleReducer(s, { type: 'listLoaded', view: 'waiting', conversations: [] });
  s = consoleReducer(s, { type: 'open', id });
  return s;
}

test('stream messages for the open conversation join the timeline and mark it seen', () => {
  let s = ready(1);
  s = consoleReducer(s, { type: 'messagesLoaded', id: 1, conversation: conversation({ id: 1 }), messages: [message({ id: 1 })] });
  const c = conversation({ id: 1, last_message_at: '2026-11-26T07:05:00.000Z' });
  s = consoleReducer(s, { type: 'message', conversation: c, message: message({ id: 2, created_at: c.last_message_at }), created: true });
  assert.deepEqual(s.open.messages.map((m) => m.id), [1, 2]);
  assert.equal(s.seen[1], c.last_message_at);
  assert.equal(s.liveUnread.has(1), false);
});

test('an inbound message elsewhere sets the unread dot; opening clears it', () => {
  let s = ready(1);
  s = consoleReducer(s, { type: 'message', conversation: conversation({ id: 2 }), message: message({ id: 9, conversation_id: 2 }), created: true });
  assert.equal(s.liveUnread.has(2), true);
  assert.deepEqual(s.store.lists.waiting, [2]);
  s = consoleReducer(s, { type: 'open', id: 2 });
  assert.equal(s.liveUnread.has(2), false);
});

test('messages that arrive while the page loads are kept', () => {
  let s = ready(1);
  s = consoleReducer(s, { type: 'message', conversation: conversation({ id: 1 }), message: message({ id: 5 }), created: true });
  s = consoleReducer(s, { type: 'messagesLoaded', id: 1, conversation: conversation({ id: 1 }), messages: [message({ id: 4 })] });
  assert.deepEqual(s.open.messages.map((m) => m.id), [4, 5]);
  assert.equal(s.open.status, 'ready');
});

test('answers for a conversation that is no longer open are dropped', () => {
  let s = ready(1);
  s = consoleReducer(s, { type: 'open', id: 2 });
  const after = consoleReducer(s, { type: 'messagesLoaded', id: 1, conversation: conversation({ id: 1 }), messages: [message()] });
  assert.equal(after.open.id, 2);
  assert.deepEqual(after.open.messages, []);
});

test('a failed background refresh keeps the timeline on screen', () => {
  let s = ready(1);
  s = consoleReducer(s, { type: 'messagesLoaded', id: 1, conversation: conversation({ id: 1 }), messages: [message()] });
  s = consoleReducer(s, { type: 'messagesFailed', id: 1, error: { code: 'network' } });
  assert.equal(s.open.status, 'ready');
  assert.equal(s.open.messages.length, 1);
});
