// In-memory state of the emulated LINE channel: simulated users, reply
// tokens, retry keys, what each phone has received, logs and faults.
// Nothing is persisted: a restart gives a clean channel with the same user IDs.
import { userIdForIndex, botUserIdFor, newReplyToken, newOpaqueToken } from './ids.mjs';

export const DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 9090,
  channelSecret: 'demo-channel-secret-0123456789ab',
  accessToken: 'demo-channel-access-token',
  webhookUrl: null,
  replyTokenTtlMs: 60_000,
  // LINE counts a webhook as failed (request_timeout) without an answer in 2 s.
  webhookTimeoutMs: 2_000,
  botName: 'つなぐ相談',
  users: 4,
});

// LINE remembers an accepted X-Line-Retry-Key for 24 hours.
export const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

// Logs are capped so a long `make demo` session does not grow without bound.
const LOG_CAP = 5000;

// Preset people who write to a counseling account: children and a guardian.
const PRESET_PEOPLE = [
  { displayName: 'はると', statusMessage: '部活がんばる' },
  { displayName: 'さくら', statusMessage: '🌸' },
  { displayName: '保護者・田中' },
  { displayName: 'ゆい', statusMessage: 'ねむい…' },
  { displayName: 'そうた' },
  { displayName: 'ひまり', statusMessage: '推し活中' },
  { displayName: 'れん' },
  { displayName: '保護者・佐藤' },
];

function presetFor(index) {
  const base = PRESET_PEOPLE[index % PRESET_PEOPLE.length];
  const round = Math.floor(index / PRESET_PEOPLE.length);
  return round === 0 ? { ...base } : { ...base, displayName: `${base.displayName}${round + 1}` };
}

function pushCapped(list, item) {
  list.push(item);
  if (list.length > LOG_CAP) list.splice(0, list.length - LOG_CAP);
}

export class EmulatorState {
  constructor(options = {}) {
    this.config = {
      channelSecret: options.channelSecret ?? DEFAULTS.channelSecret,
      accessToken: options.accessToken ?? DEFAULTS.accessToken,
      webhookUrl: options.webhookUrl || null,
      replyTokenTtlMs: options.replyTokenTtlMs ?? DEFAULTS.replyTokenTtlMs,
      webhookTimeoutMs: options.webhookTimeoutMs ?? DEFAULTS.webhookTimeoutMs,
      botName: options.botName ?? DEFAULTS.botName,
    };
    // Stable across restarts so tsunagu can check `destination` against config.
    this.botUserId = botUserIdFor('tsunagu');
    this.baseUrl = null; // set by the server once it knows its port

    this.users = new Map(); // userId -> user
    this.nextUserIndex = 0;
    const count = options.users ?? DEFAULTS.users;
    for (let i = 0; i < count; i++) this.addUser();

    this.replyTokens = new Map(); // token -> { userId, webhookEventId, expiresAt, used }
    this.retryKeys = new Map(); // key -> { requestId, acceptedAt, path, sentMessages }
    this.markAsReadTokens = new Map(); // token -> { userId, seq }
    this.events = new Map(); // webhookEventId -> event as first sent
    this.loading = new Map(); // userId -> loading indicator end (ms)

    this.seq = 0; // one counter for all chat entries so a merged timeline sorts by seq
    this.timeline = []; // chat entries of all users
    this.requests = []; // Messaging API call log
    this.deliveries = []; // webhook delivery log
    this.faults = []; // injected failures
  }

  nextSeq() {
    this.seq += 1;
    return this.seq;
  }

  // ---- users ---------------------------------------------------------------

  addUser(fields = {}) {
    const index = this.nextUserIndex++;
    const preset = presetFor(index);
    const user = {
      index,
      userId: userIdForIndex(index),
      displayName: fields.displayName ?? preset.displayName,
      statusMessage: fields.statusMessage ?? preset.statusMessage,
      language: 'ja',
      // Nobody is a friend at start: the first contact is a follow event, as
      // it is when a child adds the official account from a QR code.
      following: false,
      blocked: false,
    };
    this.users.set(user.userId, user);
    return user;
  }

  getUser(userId) {
    return this.users.get(userId) ?? null;
  }

  publicUser(user) {
    const out = {
      userId: user.userId,
      displayName: user.displayName,
      following: user.following,
      blocked: user.blocked,
    };
    if (this.baseUrl) out.pictureUrl = this.pictureUrl(user);
    if (user.statusMessage) out.statusMessage = user.statusMessage;
    return out;
  }

  pictureUrl(user) {
    return `${this.baseUrl}/_emulator/users/${user.userId}/picture`;
  }

  // ---- reply tokens ----------------------------------------------------------

  issueReplyToken(userId, webhookEventId) {
    this.pruneReplyTokens();
    const token = newReplyToken();
    this.replyTokens.set(token, {
      userId,
      webhookEventId,
      expiresAt: Date.now() + this.config.replyTokenTtlMs,
      used: false,
    });
    return token;
  }

  /** Returns the token's record if it can be used now, else null (unknown, used or expired). */
  usableReplyToken(token) {
    const rec = typeof token === 'string' ? this.replyTokens.get(token) : undefined;
    if (!rec || rec.used || Date.now() > rec.expiresAt) return null;
    return rec;
  }

  pruneReplyTokens() {
    // Keep used/expired tokens a while so a reuse still maps to "Invalid reply token"
    // (it would anyway: unknown tokens are invalid too), but drop very old ones.
    const horizon = Date.now() - 10 * 60 * 1000;
    for (const [token, rec] of this.replyTokens) {
      if (rec.expiresAt < horizon) this.replyTokens.delete(token);
    }
  }

  // ---- retry keys --------------------------------------------------------------

  acceptedRetryKey(key) {
    const rec = this.retryKeys.get(key.toLowerCase());
    if (!rec) return null;
    if (Date.now() - rec.acceptedAt > RETRY_KEY_TTL_MS) {
      this.retryKeys.delete(key.toLowerCase());
      return null;
    }
    return rec;
  }

  acceptRetryKey(key, record) {
    this.retryKeys.set(key.toLowerCase(), { ...record, acceptedAt: Date.now() });
  }

  // ---- chat timeline -------------------------------------------------------------

  /** A message the simulated user sent (text or postback display text). */
  addUserEntry(userId, fields) {
    const entry = { seq: this.nextSeq(), userId, from: 'user', at: new Date().toISOString(), read: false, ...fields };
    pushCapped(this.timeline, entry);
    return entry;
  }

  /** A message from the official account as it reached (or failed to reach) the phone. */
  addAccountEntry(userId, { via, message, messageId, requestId, delivered }) {
    const entry = {
      seq: this.nextSeq(),
      userId,
      from: 'account',
      via,
      message,
      messageId,
      requestId,
      receivedAt: new Date().toISOString(),
      delivered,
    };
    pushCapped(this.timeline, entry);
    // A message from the account ends the loading animation, as on LINE.
    if (delivered) this.loading.delete(userId);
    return entry;
  }

  inbox(userId) {
    return this.timeline
      .filter((e) => e.userId === userId && e.from === 'account')
      .map(({ seq, via, message, receivedAt, delivered, messageId, requestId }) => ({
        seq, via, message, receivedAt, delivered, messageId, requestId,
      }));
  }

  chat(userId) {
    return this.timeline.filter((e) => e.userId === userId).map(({ userId: _u, ...rest }) => rest);
  }

  issueMarkAsReadToken(userId, seq) {
    const token = newOpaqueToken(32);
    this.markAsReadTokens.set(token, { userId, seq });
    return token;
  }

  /** Marks the user's messages up to `seq` as read (LINE shows 既読 on them). */
  markReadUpTo(userId, seq) {
    for (const e of this.timeline) {
      if (e.userId === userId && e.from === 'user' && e.seq <= seq) e.read = true;
    }
  }

  // ---- logs --------------------------------------------------------------------

  // Log sequence numbers keep growing across DELETE so a test can tell old
  // entries from new ones.
  logRequest(entry) {
    this.requestSeq = (this.requestSeq ?? 0) + 1;
    pushCapped(this.requests, { seq: this.requestSeq, ...entry });
  }

  logDelivery(entry) {
    this.deliverySeq = (this.deliverySeq ?? 0) + 1;
    pushCapped(this.deliveries, { seq: this.deliverySeq, ...entry });
  }

  // ---- faults ------------------------------------------------------------------

  addFault(fault) {
    this.faults.push(fault);
  }

  /**
   * Takes one use of the first fault matching `path` and `phase`
   * ("before": fail without doing anything; "after": do the work, then fail).
   */
  takeFault(method, path, phase) {
    const idx = this.faults.findIndex((f) => {
      if ((f.afterAccept ? 'after' : 'before') !== phase) return false;
      if (f.method && f.method !== method) return false;
      return f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : f.path === path;
    });
    if (idx < 0) return null;
    const fault = this.faults[idx];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(idx, 1);
    return fault;
  }

  /** Settings as shown by GET /_emulator/config: secrets are masked. */
  publicConfig() {
    return {
      webhookUrl: this.config.webhookUrl,
      webhookConfigured: Boolean(this.config.webhookUrl),
      replyTokenTtlMs: this.config.replyTokenTtlMs,
      webhookTimeoutMs: this.config.webhookTimeoutMs,
      botName: this.config.botName,
      botUserId: this.botUserId,
      channelSecret: mask(this.config.channelSecret),
      accessToken: mask(this.config.accessToken),
      baseUrl: this.baseUrl,
    };
  }
}

function mask(secret) {
  if (!secret) return '';
  if (secret.length <= 8) return '*'.repeat(secret.length);
  return `${secret.slice(0, 4)}${'*'.repeat(secret.length - 8)}${secret.slice(-4)}`;
}
