import test from 'node:test';
import assert from 'node:assert/strict';
import { newUlid, ulidTime, ULID_PATTERN, userIdForIndex, newMessageId, isUuid } from '../lib/ids.mjs';

test('ULIDs are 26 Crockford base32 chars, carry the time and sort in creation order', () => {
  const now = Date.UTC(2026, 0, 10, 12, 0, 0);
  const ids = Array.from({ length: 50 }, () => newUlid(now));
  for (const id of ids) {
    assert.match(id, ULID_PATTERN);
    assert.equal(id.length, 26);
    assert.doesNotMatch(id, /[ILOU]/);
    assert.equal(ulidTime(id), now);
  }
  assert.deepEqual([...ids].sort(), ids, 'same-millisecond ULIDs must stay ordered');
  assert.equal(new Set(ids).size, ids.length);
  const later = newUlid(now + 1000);
  assert.ok(later > ids.at(-1));
});

test('user IDs are stable, U + 32 lowercase hex, distinct per index', () => {
  assert.equal(userIdForIndex(0), userIdForIndex(0));
  assert.match(userIdForIndex(0), /^U[0-9a-f]{32}$/);
  assert.notEqual(userIdForIndex(0), userIdForIndex(1));
});

test('message IDs are increasing numeric strings', () => {
  const a = newMessageId();
  const b = newMessageId();
  assert.match(a, /^\d{15,20}$/);
  assert.ok(BigInt(b) > BigInt(a));
});

test('retry keys must be hexadecimal UUIDs', () => {
  assert.ok(isUuid('123e4567-e89b-12d3-a456-426614174000'));
  assert.ok(!isUuid('123e4567e89b12d3a456426614174000'));
  assert.ok(!isUuid('not-a-uuid'));
});
