// The Messaging API as served by api.line.me / api-data.line.me.
// Request handling follows the order a real deployment shows to clients:
// routing -> body size -> auth -> content type -> JSON syntax -> retry key ->
// body validation -> business rules (reply token, recipient) -> side effects.
import { STATUS_CODES } from 'node:http';
import { newRequestId, newMessageId, newOpaqueToken, isUuid, isUserId } from './ids.mjs';
import { readBody, parseJson, sendJson, sleep } from './http-util.mjs';
import { validateSendRequest, invalidPropertyBody, QUOTABLE_TYPES } from './validate.mjs';

const AUTH_FAILED = {
  message:
    'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.',
};
const NOT_FOUND = { message: 'Not found' };
const INVALID_REPLY_TOKEN = { message: 'Invalid reply token' };
// Not quoted in LINE's docs (they only say "400"); wording chosen to be self-explanatory.
const RETRY_KEY_NOT_SUPPORTED = { message: 'The retry key is not supported for this API' };
const RETRY_KEY_INVALID = { message: 'The retry key is invalid. Specify a hexadecimal UUID in X-Line-Retry-Key' };
const RETRY_KEY_ACCEPTED = 'The retry key is already accepted';

/** Body LINE answers for injected failures. */
export function faultBody(status) {
  if (status === 429) return { message: 'Too Many Requests' };
  if (status >= 500) return { message: 'Internal server error' };
  return { message: STATUS_CODES[status] ?? 'Error' };
}

export function createMessagingApi(state) {
  // ---- side effects shared by the send endpoints -----------------------------

  /** Puts messages on a phone and returns LINE's sentMessages entries. */
  function deliverMessages(user, via, messages, requestId, delivered) {
    return messages.map((message) => {
      const messageId = newMessageId();
      state.addAccountEntry(user.userId, { via, message, messageId, requestId, delivered });
      const sent = { id: messageId };
      if (QUOTABLE_TYPES.has(message.type)) sent.quoteToken = newOpaqueToken(64);
      return sent;
    });
  }

  // ---- endpoint handlers: each returns { status, body } ----------------------

  function reply({ body, requestId }) {
    const invalid = validateSendRequest('reply', body);
    if (invalid) return { status: 400, body: invalid };
    const token = state.usableReplyToken(body.replyToken);
    if (!token) return { status: 400, body: INVALID_REPLY_TOKEN };
    token.used = true;
    const user = state.getUser(token.userId);
    // A user who blocked the account after writing no longer sees anything.
    const sentMessages = deliverMessages(user, 'reply', body.messages, requestId, !user.blocked);
    return { status: 200, body: { sentMessages } };
  }

  function push({ body, requestId }) {
    const invalid = validateSendRequest('push', body);
    if (invalid) return { status: 400, body: invalid };
    if (!/^[UCR][0-9a-f]{32}$/.test(body.to)) return { status: 400, body: invalidPropertyBody('to') };
    const user = state.getUser(body.to);
    // LINE's answer for a well-formed ID that does not exist (the emulator has no groups or rooms).
    if (!user) return { status: 400, body: { message: 'Failed to send messages' } };
    // Non-friends and users who blocked the account: LINE accepts the request
    // (and counts it) but nothing reaches the phone.
    const sentMessages = deliverMessages(user, 'push', body.messages, requestId, user.following);
    return { status: 200, body: { sentMessages } };
  }

  function multicast({ body, requestId }) {
    const invalid = validateSendRequest('multicast', body);
    if (invalid) return { status: 400, body: invalid };
    const bad = body.to.findIndex((id) => !isUserId(id));
    if (bad >= 0) return { status: 400, body: invalidPropertyBody(`to[${bad}]`) };
    // Unknown IDs are dropped silently, as LINE does for multicast.
    for (const id of new Set(body.to)) {
      const user = state.getUser(id);
      if (user) deliverMessages(user, 'multicast', body.messages, requestId, user.following);
    }
    return { status: 200, body: {} };
  }

  function broadcast({ body, requestId }) {
    const invalid = validateSendRequest('broadcast', body);
    if (invalid) return { status: 400, body: invalid };
    for (const user of state.users.values()) {
      if (user.following) deliverMessages(user, 'broadcast', body.messages, requestId, true);
    }
    return { status: 200, body: {} };
  }

  function profile({ params }) {
    const user = state.getUser(params[0]);
    // LINE only shows profiles of current friends.
    if (!user || !user.following) return { status: 404, body: NOT_FOUND };
    const out = { displayName: user.displayName, userId: user.userId, language: user.language };
    if (state.baseUrl) out.pictureUrl = state.pictureUrl(user);
    if (user.statusMessage) out.statusMessage = user.statusMessage;
    return { status: 200, body: out };
  }

  function botInfo() {
    return {
      status: 200,
      body: {
        userId: state.botUserId,
        basicId: '@000tsunagu',
        displayName: state.config.botName,
        chatMode: 'chat',
        markAsReadMode: 'manual',
      },
    };
  }

  function loadingStart({ body }) {
    const details = [];
    if (!body || !isUserId(body.chatId) || !state.getUser(body.chatId)) {
      details.push({ message: 'invalid chat ID', property: 'chatId' });
    }
    const seconds = body?.loadingSeconds ?? 20;
    if (!Number.isInteger(seconds) || seconds < 5 || seconds > 60 || seconds % 5 !== 0) {
      details.push({ message: 'Must be a multiple of 5 between 5 and 60', property: 'loadingSeconds' });
    }
    if (details.length) return { status: 400, body: { message: `The request body has ${details.length} error(s)`, details } };
    const user = state.getUser(body.chatId);
    if (user.following) state.loading.set(user.userId, Date.now() + seconds * 1000);
    return { status: 202, body: {} };
  }

  function markAsRead({ body }) {
    const rec = typeof body?.markAsReadToken === 'string' ? state.markAsReadTokens.get(body.markAsReadToken) : undefined;
    if (!rec) return { status: 400, body: { message: 'Invalid markAsReadToken' } };
    state.markReadUpTo(rec.userId, rec.seq);
    return { status: 200, body: {} };
  }

  // retryKey: whether X-Line-Retry-Key is accepted (push/multicast/narrowcast/broadcast only).
  // sentOnConflict: whether a 409 repeats the original sentMessages (push only).
  const routes = [
    { method: 'POST', re: /^\/v2\/bot\/message\/reply$/, handler: reply },
    { method: 'POST', re: /^\/v2\/bot\/message\/push$/, handler: push, retryKey: true, sentOnConflict: true },
    { method: 'POST', re: /^\/v2\/bot\/message\/multicast$/, handler: multicast, retryKey: true },
    { method: 'POST', re: /^\/v2\/bot\/message\/broadcast$/, handler: broadcast, retryKey: true },
    { method: 'GET', re: /^\/v2\/bot\/profile\/([^/]+)$/, handler: profile },
    { method: 'GET', re: /^\/v2\/bot\/info$/, handler: botInfo },
    { method: 'POST', re: /^\/v2\/bot\/chat\/loading\/start$/, handler: loadingStart },
    { method: 'POST', re: /^\/v2\/bot\/chat\/markAsRead$/, handler: markAsRead },
  ];

  function route(method, path) {
    let pathMatched = false;
    for (const r of routes) {
      const m = r.re.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method === method) return { route: r, params: m.slice(1).map(decodeURIComponent) };
    }
    return { route: null, pathMatched };
  }

  return async function handleMessagingApi(req, res, url) {
    const requestId = newRequestId();
    const path = url.pathname;
    const method = req.method;
    const retryKey = req.headers['x-line-retry-key'] ?? null;
    const log = { method, path, status: 0, retryKey, requestId, at: new Date().toISOString(), body: null };

    const respond = (status, body, headers = {}) => {
      log.status = status;
      state.logRequest(log);
      sendJson(res, status, body, { 'x-line-request-id': requestId, ...headers });
    };

    // Always read (or drain) the body first so that early errors reach a
    // client that is still uploading.
    const { buffer, tooLarge } = await readBody(req);
    const { route: r, params, pathMatched } = route(method, path);
    if (!r) {
      if (pathMatched) return respond(405, { message: 'Method not allowed' });
      return respond(404, NOT_FOUND);
    }

    const before = state.takeFault(method, path, 'before');
    if (before) {
      log.fault = true;
      if (before.delayMs) await sleep(before.delayMs);
      return respond(before.status, before.body ?? faultBody(before.status));
    }

    if (tooLarge) return respond(413, { message: 'Request Entity Too Large' });

    const auth = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || m[1].trim() !== state.config.accessToken) return respond(401, AUTH_FAILED);

    let body = null;
    if (method === 'POST') {
      const contentType = req.headers['content-type'] ?? '';
      if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
        return respond(415, { message: `The content type, ${contentType}, is not supported` });
      }
      const parsed = parseJson(buffer.toString('utf8'));
      if (parsed.error) {
        const { line, column } = parsed.error;
        return respond(400, { message: `The request body could not be parsed as JSON (line: ${line}, column: ${column})` });
      }
      body = parsed.value;
      log.body = body;
    }

    if (retryKey !== null) {
      if (!r.retryKey) return respond(400, RETRY_KEY_NOT_SUPPORTED);
      if (!isUuid(retryKey)) return respond(400, RETRY_KEY_INVALID);
      const accepted = state.acceptedRetryKey(retryKey);
      if (accepted) {
        const conflict = { message: RETRY_KEY_ACCEPTED };
        if (r.sentOnConflict && accepted.sentMessages) conflict.sentMessages = accepted.sentMessages;
        return respond(409, conflict, { 'x-line-accepted-request-id': accepted.requestId });
      }
    }

    const result = r.handler({ body, params, requestId });
    const ok = result.status >= 200 && result.status < 300;
    if (ok && retryKey !== null) {
      state.acceptRetryKey(retryKey, { requestId, path, sentMessages: result.body.sentMessages ?? null });
    }

    // "afterAccept" faults: the work above is done (message on the phone,
    // retry key remembered) but the client sees an error, like a response
    // lost on the way back.
    const after = ok ? state.takeFault(method, path, 'after') : null;
    if (after) {
      log.fault = true;
      if (after.delayMs) await sleep(after.delayMs);
      if (after.status) return respond(after.status, after.body ?? faultBody(after.status));
    }
    return respond(result.status, result.body);
  };
}
