import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeMessages, replyProblem, textLength } from '../src/lib/messages.ts';
import { message } from './fixtures.mjs';

test('merge keeps one copy per id, in id order', () => {
  const merged = mergeMessages([message({ id: 2 }), message({ id: 1 })], [message({ id: 3 }), message({ id: 2 })]);
  assert.deepEqual(merged.map((m) => m.id), [1, 2, 3]);
});

test('a late POST answer does not move a delivered message back to queued', () => {
  const delivered = message({ id: 5, direction: 'outbound', delivery_state: 'delivered' });
  const queued = message({ id: 5, direction: 'outbound', delivery_state: 'queued' });
  assert.equal(mergeMessages([delivered], [queued])[0].delivery_state, 'delivered');
  assert.equal(mergeMessages([queued], [delivered])[0].delivery_state, 'delivered');
  const failed = message({ id: 5, direction: 'outbound', delivery_state: 'failed', delivery_error: 'x' });
  assert.equal(mergeMessages([failed], [queued])[0].delivery_state, 'failed');
});

test('length counts code points like the server', () => {
  assert.equal(textLength('あいう'), 3);
  assert.equal(textLength('😀'), 1); // two UTF-16 units
  assert.equal(textLength('𠮷野家'), 3);
});

test('reply limits: 1..5000 characters, not only whitespace', () => {
  assert.equal(replyProblem(''), 'empty');
  assert.equal(replyProblem(' \n\u3000'), 'empty');
  assert.equal(replyProblem('a'), null);
  assert.equal(replyProblem('あ'.repeat(5000)), null);
  assert.equal(replyProblem('あ'.repeat(5001)), 'too_long');
  assert.equal(replyProblem('😀'.repeat(5000)), null);
});
