// Control API under /_emulator/: lets tests and the phone page act as LINE
// users (follow, write, block), inspect what reached each phone, and bend
// the platform (faults, config). Not part of LINE; never used by tsunagu's
// production code.
import { readBody, parseJson, sendJson, sendText } from './http-util.mjs';
import { buildEvent, webhookBody, signBody, deliver, asRedelivery } from './webhook.mjs';

const CONTROL_BODY_LIMIT = 8 * 1024 * 1024;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function requireString(body, key, { max, optional = false } = {}) {
  const v = body[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new HttpError(400, `${key} は空でない文字列で指定してください (${key} must be a non-empty string)`);
  if (max && v.length > max) throw new HttpError(400, `${key} は${max}文字以内にしてください (${key} must be at most ${max} characters)`);
  return v;
}

function escapeXml(s) {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
}

export function createControlApi(state, { agents }) {
  // ---- webhook sending ----------------------------------------------------------

  /** Posts events to tsunagu (if configured) and records the outcome. */
  async function postEvents(events, { isRedelivery = false } = {}) {
    const at = new Date().toISOString();
    const ids = events.map((e) => e.webhookEventId);
    if (!state.config.webhookUrl) {
      const result = { status: null, error: 'not_configured', errorDetail: 'Webhook URL が未設定のため送信していません (webhook URL not configured)' };
      state.logDelivery({ at, url: null, webhookEventIds: ids, isRedelivery, ...result });
      return result;
    }
    const rawBody = webhookBody(state.botUserId, events);
    const result = await deliver({
      url: state.config.webhookUrl,
      rawBody,
      signature: signBody(state.config.channelSecret, rawBody),
      timeoutMs: state.config.webhookTimeoutMs,
      agents,
    });
    state.logDelivery({ at, url: state.config.webhookUrl, webhookEventIds: ids, isRedelivery, ...withoutBody(result) });
    return result;
  }

  function withoutBody({ responseBody: _b, ...rest }) {
    return rest;
  }

  /** Shape every event-producing endpoint answers with. */
  function eventAnswer(event, result) {
    const out = { event, webhookStatus: result.status };
    if (result.error) {
      out.webhookError = result.error;
      out.webhookErrorDetail = result.errorDetail;
    }
    return out;
  }

  async function sendUserEvent(user, event, entry) {
    state.events.set(event.webhookEventId, event);
    const result = await postEvents([event]);
    user.lastWebhook = {
      eventType: event.type,
      webhookEventId: event.webhookEventId,
      status: result.status,
      error: result.error ?? null,
      errorDetail: result.errorDetail ?? null,
      at: new Date().toISOString(),
    };
    if (entry) {
      entry.webhookStatus = result.status;
      entry.webhookError = result.error ?? null;
    }
    return eventAnswer(event, result);
  }

  const issueTokenFor = (user) => (webhookEventId) => state.issueReplyToken(user.userId, webhookEventId);

  // ---- handlers -------------------------------------------------------------------

  function userOr404(userId) {
    const user = state.getUser(userId);
    if (!user) throw new HttpError(404, `ユーザーが見つかりません (unknown user): ${userId}`);
    return user;
  }

  async function follow(user) {
    if (user.following) throw new HttpError(409, 'すでに友だちです (already following)');
    // isUnblocked: the user had blocked the account and now unblocks it.
    const isUnblocked = user.blocked;
    user.following = true;
    user.blocked = false;
    const event = buildEvent.follow({ userId: user.userId, isUnblocked, issueToken: issueTokenFor(user) });
    return sendUserEvent(user, event);
  }

  async function unfollow(user) {
    if (!user.following) throw new HttpError(409, '友だちではありません (not following)');
    user.following = false;
    user.blocked = true;
    return sendUserEvent(user, buildEvent.unfollow({ userId: user.userId }));
  }

  async function sendUserText(user, body) {
    const text = requireString(body, 'text', { max: 10000 });
    // A blocked chat has no input box on LINE. Non-friends may still write
    // (LINE allows chatting before adding as a friend).
    if (user.blocked) throw new HttpError(409, 'ブロック中はメッセージを送れません (user has blocked the account)');
    const entry = state.addUserEntry(user.userId, { kind: 'message', message: { type: 'text', text } });
    const markAsReadToken = state.issueMarkAsReadToken(user.userId, entry.seq);
    const event = buildEvent.textMessage({ userId: user.userId, text, markAsReadToken, issueToken: issueTokenFor(user) });
    entry.message = { type: 'text', id: event.message.id, text };
    entry.webhookEventId = event.webhookEventId;
    return sendUserEvent(user, event, entry);
  }

  async function sendPostback(user, body) {
    const data = requireString(body, 'data', { max: 300 });
    const displayText = requireString(body, 'displayText', { max: 300, optional: true });
    if (body.params !== undefined && !isObject(body.params)) throw new HttpError(400, 'params はオブジェクトで指定してください');
    if (user.blocked) throw new HttpError(409, 'ブロック中は操作できません (user has blocked the account)');
    // With displayText LINE shows the text as the user's own bubble, but the
    // bot gets only the postback event (no message event).
    const entry = displayText
      ? state.addUserEntry(user.userId, { kind: 'postback', message: { type: 'text', text: displayText }, postbackData: data })
      : null;
    const event = buildEvent.postback({ userId: user.userId, data, params: body.params, issueToken: issueTokenFor(user) });
    if (entry) entry.webhookEventId = event.webhookEventId;
    return sendUserEvent(user, event, entry);
  }

  async function redeliver(body) {
    const id = requireString(body, 'webhookEventId');
    const original = state.events.get(id);
    if (!original) throw new HttpError(404, `イベントが見つかりません (unknown webhookEventId): ${id}`);
    const event = asRedelivery(original);
    const result = await postEvents([event], { isRedelivery: true });
    return eventAnswer(event, result);
  }

  async function rawWebhook(body) {
    let raw = body.body;
    if (isObject(raw) || Array.isArray(raw)) raw = JSON.stringify(raw);
    if (typeof raw !== 'string') throw new HttpError(400, 'body は文字列で指定してください (body must be a string)');
    const mode = body.signatureMode ?? 'valid';
    if (!['valid', 'bad', 'missing'].includes(mode)) throw new HttpError(400, 'signatureMode は valid | bad | missing のいずれかです');
    if (body.signature !== undefined && typeof body.signature !== 'string') throw new HttpError(400, 'signature は文字列です');
    if (!state.config.webhookUrl) {
      return { webhookStatus: null, responseBody: null, webhookError: 'not_configured' };
    }
    let signature;
    if (mode === 'valid') signature = body.signature ?? signBody(state.config.channelSecret, raw);
    // A signature made with another secret: right format, wrong value.
    if (mode === 'bad') signature = body.signature ?? signBody(`not-${state.config.channelSecret}`, raw);
    const result = await deliver({ url: state.config.webhookUrl, rawBody: raw, signature, timeoutMs: state.config.webhookTimeoutMs, agents });
    state.logDelivery({ at: new Date().toISOString(), url: state.config.webhookUrl, webhookEventIds: [], raw: true, signatureMode: mode, ...withoutBody(result) });
    const out = { webhookStatus: result.status, responseBody: result.responseBody ?? null, signature: signature ?? null };
    if (result.error) {
      out.webhookError = result.error;
      out.webhookErrorDetail = result.errorDetail;
    }
    return out;
  }

  function setConfig(body) {
    const allowed = ['webhookUrl', 'replyTokenTtlMs', 'webhookTimeoutMs', 'channelSecret', 'accessToken', 'botName'];
    for (const key of Object.keys(body)) {
      if (!allowed.includes(key)) throw new HttpError(400, `未知の設定です (unknown setting): ${key}`);
    }
    const next = { ...state.config };
    if ('webhookUrl' in body) {
      const v = body.webhookUrl;
      if (v === null || v === '') next.webhookUrl = null;
      else {
        let u;
        try {
          u = new URL(v);
        } catch {
          throw new HttpError(400, `webhookUrl が URL ではありません: ${v}`);
        }
        if (!['http:', 'https:'].includes(u.protocol)) throw new HttpError(400, 'webhookUrl は http(s) で指定してください');
        next.webhookUrl = v;
      }
    }
    for (const key of ['replyTokenTtlMs', 'webhookTimeoutMs']) {
      if (key in body) {
        if (!Number.isInteger(body[key]) || body[key] < 1) throw new HttpError(400, `${key} は正の整数です`);
        next[key] = body[key];
      }
    }
    for (const key of ['channelSecret', 'accessToken', 'botName']) {
      if (key in body) next[key] = requireString(body, key);
    }
    state.config = next;
    return state.publicConfig();
  }

  function addFault(body) {
    const path = requireString(body, 'path');
    const { status, count = 1, afterAccept = false, delayMs = 0, method, body: faultBody } = body;
    if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
      throw new HttpError(400, 'status は 400〜599 の整数です');
    }
    if (status === undefined && !(delayMs > 0)) throw new HttpError(400, 'status か delayMs のどちらかが必要です');
    if (!Number.isInteger(count) || count < 1) throw new HttpError(400, 'count は 1 以上の整数です');
    if (!Number.isInteger(delayMs) || delayMs < 0) throw new HttpError(400, 'delayMs は 0 以上の整数です');
    if (typeof afterAccept !== 'boolean') throw new HttpError(400, 'afterAccept は true/false です');
    // A delay-only fault lets the request succeed late (a client timeout after
    // LINE accepted), so it runs after the work like afterAccept.
    const fault = {
      path,
      method: method ? String(method).toUpperCase() : undefined,
      status,
      count,
      remaining: count,
      afterAccept: status === undefined ? true : afterAccept,
      delayMs,
      body: isObject(faultBody) ? faultBody : undefined,
    };
    state.addFault(fault);
    return fault;
  }

  function reset() {
    for (const user of state.users.values()) {
      user.following = false;
      user.blocked = false;
      user.lastWebhook = null;
    }
    state.timeline.length = 0;
    state.requests.length = 0;
    state.deliveries.length = 0;
    state.faults.length = 0;
    state.replyTokens.clear();
    state.retryKeys.clear();
    state.markAsReadTokens.clear();
    state.events.clear();
    state.loading.clear();
  }

  function chat(user, sinceSeq) {
    const loadingUntil = state.loading.get(user.userId) ?? 0;
    return {
      user: state.publicUser(user),
      botName: state.config.botName,
      webhookConfigured: Boolean(state.config.webhookUrl),
      loading: loadingUntil > Date.now(),
      lastWebhook: user.lastWebhook ?? null,
      messages: state.chat(user.userId).filter((e) => e.seq > sinceSeq),
    };
  }

  function pictureSvg(user) {
    const hue = parseInt(user.userId.slice(1, 4), 16) % 360;
    const initial = escapeXml([...user.displayName][0] ?? '?');
    return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="64" fill="hsl(${hue},55%,62%)"/><text x="64" y="82" font-size="56" text-anchor="middle" fill="#fff" font-family="sans-serif">${initial}</text></svg>`;
  }

  // ---- routing ---------------------------------------------------------------------

  async function readJson(req) {
    const { buffer, tooLarge } = await readBody(req, CONTROL_BODY_LIMIT);
    if (tooLarge) throw new HttpError(413, 'リクエストが大きすぎます (request too large)');
    const text = buffer.toString('utf8');
    if (text.trim() === '') return {};
    const parsed = parseJson(text);
    if (parsed.error) throw new HttpError(400, `JSON として解析できません (line: ${parsed.error.line}, column: ${parsed.error.column})`);
    if (!isObject(parsed.value)) throw new HttpError(400, 'JSON オブジェクトを送ってください');
    return parsed.value;
  }

  async function dispatch(req, res, url) {
    const method = req.method;
    const parts = url.pathname.split('/').filter(Boolean).slice(1); // drop "_emulator"
    const [a, b, c] = parts.map(decodeURIComponent);
    const key = `${method} ${a ?? ''}${b !== undefined ? '/:id' : ''}${c !== undefined ? `/${c}` : ''}`;
    if (parts.length > 3) throw new HttpError(404, 'Not found');

    switch (key) {
      case 'GET healthz':
        return [200, { ok: true }];
      case 'GET config':
        return [200, state.publicConfig()];
      case 'POST config':
        return [200, setConfig(await readJson(req))];
      case 'POST reset':
        await readJson(req);
        reset();
        return [200, { ok: true }];

      case 'GET users':
        return [200, { users: [...state.users.values()].map((u) => state.publicUser(u)) }];
      case 'POST users': {
        const body = await readJson(req);
        const displayName = requireString(body, 'displayName', { max: 20 });
        const statusMessage = requireString(body, 'statusMessage', { max: 500, optional: true });
        return [201, { user: state.publicUser(state.addUser({ displayName, statusMessage })) }];
      }
      case 'GET users/:id':
        return [200, { user: state.publicUser(userOr404(b)) }];
      case 'POST users/:id/follow':
        await readJson(req);
        return [200, await follow(userOr404(b))];
      case 'POST users/:id/unfollow':
        await readJson(req);
        return [200, await unfollow(userOr404(b))];
      case 'POST users/:id/messages': {
        const body = await readJson(req);
        return [200, await sendUserText(userOr404(b), body)];
      }
      case 'POST users/:id/postback': {
        const body = await readJson(req);
        return [200, await sendPostback(userOr404(b), body)];
      }
      case 'GET users/:id/inbox':
        return [200, { messages: state.inbox(userOr404(b).userId) }];
      case 'GET users/:id/chat':
        return [200, chat(userOr404(b), Number(url.searchParams.get('after') ?? 0) || 0)];
      case 'GET users/:id/picture':
        return ['svg', pictureSvg(userOr404(b))];

      case 'POST redeliver':
        return [200, await redeliver(await readJson(req))];
      case 'POST raw-webhook':
        return [200, await rawWebhook(await readJson(req))];
      case 'GET events':
        return [200, { events: [...state.events.values()] }];

      case 'GET requests':
        return [200, { requests: state.requests }];
      case 'DELETE requests':
        state.requests.length = 0;
        return [200, { requests: [] }];
      case 'GET webhooks':
        return [200, { deliveries: state.deliveries }];
      case 'DELETE webhooks':
        state.deliveries.length = 0;
        return [200, { deliveries: [] }];

      case 'GET faults':
        return [200, { faults: state.faults }];
      case 'POST faults': {
        const fault = addFault(await readJson(req));
        return [201, { fault, faults: state.faults }];
      }
      case 'DELETE faults':
        state.faults.length = 0;
        return [200, { faults: [] }];
      default:
        throw new HttpError(404, 'Not found');
    }
  }

  return async function handleControl(req, res, url) {
    try {
      const [status, body] = await dispatch(req, res, url);
      if (status === 'svg') return sendText(res, 200, body, 'image/svg+xml');
      sendJson(res, status, body, { 'cache-control': 'no-store' });
    } catch (err) {
      if (err instanceof HttpError) {
        if (!req.complete) req.resume();
        return sendJson(res, err.status, { message: err.message });
      }
      sendJson(res, 500, { message: `emulator error: ${err.message}` });
    }
  };
}
