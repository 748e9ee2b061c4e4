// The signature is the one thing tsunagu must verify byte-exactly, so it is
// checked against the published test vector and against an independent HMAC.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signBody } from '../lib/webhook.mjs';

test('signature matches the test vector in line-protocols.md', () => {
  const secret = '0123456789abcdef0123456789abcdef';
  const body = '{"destination":"U0123456789abcdef0123456789abcdef","events":[]}';
  assert.equal(Buffer.byteLength(body), 63);
  assert.equal(signBody(secret, body), '94lIexwJJhBAEvU5fHF/i4JXKbSzbpgGUoZUZlwge9Q=');
});

test('signature covers the raw UTF-8 bytes (Japanese text)', () => {
  const secret = 'demo-channel-secret-0123456789ab';
  const body = '{"destination":"U0123456789abcdef0123456789abcdef","events":[{"text":"こんにちは"}]}';
  const expected = createHmac('sha256', Buffer.from(secret)).update(Buffer.from(body, 'utf8')).digest('base64');
  assert.equal(signBody(secret, body), expected);
  // One changed character must change the signature.
  assert.notEqual(signBody(secret, body.replace('こんにちは', 'こんばんは')), expected);
  assert.notEqual(signBody(`${secret}x`, body), expected);
});
