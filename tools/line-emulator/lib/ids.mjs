// Identifier generators. Every format here copies what the real LINE Platform
// sends, because tsunagu parses and stores these values: a sloppy format in
// the emulator would hide bugs that only show up against production.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const HEX32 = /^U[0-9a-f]{32}$/;

/** True for a LINE user ID (`U` + 32 lowercase hex), the only kind we emulate. */
export function isUserId(value) {
  return typeof value === 'string' && HEX32.test(value);
}

/**
 * User IDs are derived from a fixed seed and the user's index so that the
 * same simulated user keeps the same ID across emulator restarts (tsunagu's
 * database and test fixtures can then refer to them).
 */
export function userIdForIndex(index) {
  return 'U' + createHash('sha256').update(`tsunagu-line-emulator/user/${index}`).digest('hex').slice(0, 32);
}

/** The bot's own user ID, sent as `destination` in every webhook body. */
export function botUserIdFor(seed) {
  return 'U' + createHash('sha256').update(`tsunagu-line-emulator/bot/${seed}`).digest('hex').slice(0, 32);
}

/** X-Line-Request-Id: LINE sends a UUID-looking value; any unique string works for clients. */
export function newRequestId() {
  return randomUUID();
}

/** Reply tokens in real webhooks are 32 lowercase hex chars. */
export function newReplyToken() {
  return randomBytes(16).toString('hex');
}

/** Quote tokens and mark-as-read tokens are opaque URL-safe strings of varying length. */
export function newOpaqueToken(bytes = 48) {
  return randomBytes(bytes).toString('base64url');
}

// Message IDs are numeric strings of about 18 digits that grow over time.
// Build them as milliseconds * 100000 + a counter so they stay unique and
// increasing even when many are issued within one millisecond.
let lastMs = 0n;
let counter = 0n;
export function newMessageId() {
  const now = BigInt(Date.now());
  if (now > lastMs) {
    lastMs = now;
    counter = 0n;
  } else {
    counter += 1n;
    if (counter >= 100000n) {
      lastMs += 1n;
      counter = 0n;
    }
  }
  return (lastMs * 100000n + counter).toString();
}

// ---- ULID (webhookEventId) -------------------------------------------------
// 48-bit millisecond timestamp + 80 random bits, Crockford base32, 26 chars.
// Within one millisecond the random part is incremented (the "monotonic"
// variant of the ULID spec) so IDs sort in the order events were created.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

let ulidLastMs = -1;
let ulidLastRandom = 0n;

function encodeBase32(value, length) {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export function newUlid(nowMs = Date.now()) {
  let random;
  if (nowMs <= ulidLastMs) {
    // Same (or an earlier, if the clock stepped back) millisecond: keep the
    // previous time and bump the random part so the order is preserved.
    nowMs = ulidLastMs;
    random = ulidLastRandom + 1n;
    if (random >= 1n << 80n) throw new Error('ULID random part overflow');
  } else {
    random = BigInt('0x' + randomBytes(10).toString('hex'));
  }
  ulidLastMs = nowMs;
  ulidLastRandom = random;
  return encodeBase32(BigInt(nowMs), 10) + encodeBase32(random, 16);
}

/** Decodes the timestamp part of a ULID (used by tests to check time order). */
export function ulidTime(ulid) {
  let value = 0n;
  for (const ch of ulid.slice(0, 10)) value = value * 32n + BigInt(CROCKFORD.indexOf(ch));
  return Number(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** X-Line-Retry-Key must be a hexadecimal UUID (messaging-api.yml: format uuid). */
export function isUuid(value) {
  return typeof value === 'string' && UUID.test(value);
}
