// Webhook side of the emulator: builds events the way the LINE Platform
// does (webhook.yml), signs the raw body and POSTs it to tsunagu.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { newUlid, newMessageId, newOpaqueToken } from './ids.mjs';

/** x-line-signature = Base64(HMAC-SHA256(channel secret, raw body bytes)). */
export function signBody(channelSecret, rawBody) {
  return createHmac('sha256', Buffer.from(channelSecret, 'utf8')).update(rawBody).digest('base64');
}

/**
 * Common part of every event. Key order follows a real capture
 * (type, <detail>, webhookEventId, deliveryContext, timestamp, source,
 * replyToken, mode) so byte-level comparisons with captures stay meaningful.
 */
function baseEvent(type, detail, { userId, replyToken, timestamp }) {
  const event = {
    type,
    ...detail,
    webhookEventId: newUlid(timestamp),
    deliveryContext: { isRedelivery: false },
    timestamp,
    source: { type: 'user', userId },
  };
  if (replyToken !== undefined) event.replyToken = replyToken;
  event.mode = 'active';
  return event;
}

/**
 * Event builders. `issueToken(webhookEventId)` is called only for replyable
 * event types (message, follow, postback; join and memberJoined would be too,
 * but the emulator has no group chats).
 */
export const buildEvent = {
  follow({ userId, isUnblocked, issueToken, now = Date.now() }) {
    return withToken(baseEvent('follow', { follow: { isUnblocked } }, { userId, timestamp: now, replyToken: '' }), issueToken);
  },
  unfollow({ userId, now = Date.now() }) {
    return baseEvent('unfollow', {}, { userId, timestamp: now });
  },
  textMessage({ userId, text, issueToken, markAsReadToken, now = Date.now() }) {
    const message = { type: 'text', id: newMessageId(), quoteToken: newOpaqueToken(64) };
    if (markAsReadToken) message.markAsReadToken = markAsReadToken;
    message.text = text;
    return withToken(baseEvent('message', { message }, { userId, timestamp: now, replyToken: '' }), issueToken);
  },
  postback({ userId, data, params, issueToken, now = Date.now() }) {
    const postback = { data };
    if (params) postback.params = params;
    return withToken(baseEvent('postback', { postback }, { userId, timestamp: now, replyToken: '' }), issueToken);
  },
};

// The reply token is bound to the event's webhookEventId, which only exists
// once the base event is built; fill the placeholder slot afterwards so the
// key order stays as LINE's.
function withToken(event, issueToken) {
  event.replyToken = issueToken(event.webhookEventId);
  return event;
}

/** The envelope LINE posts: compact JSON, one or more events. */
export function webhookBody(destination, events) {
  return JSON.stringify({ destination, events });
}

/** Copy of a stored event marked as a redelivery; everything else unchanged. */
export function asRedelivery(event) {
  const copy = structuredClone(event);
  copy.deliveryContext = { isRedelivery: true };
  return copy;
}

const MAX_RESPONSE_CAPTURE = 64 * 1024;

/**
 * POSTs one webhook body and reports what happened, using the failure
 * reasons of LINE's webhook error statistics: could_not_connect,
 * request_timeout, error_status_code, unclassified.
 * Never throws.
 */
export function deliver({ url, rawBody, signature, timeoutMs, agents }) {
  const started = Date.now();
  return new Promise((resolve) => {
    let target;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, error: 'unclassified', errorDetail: `invalid webhook URL: ${url}`, durationMs: 0 });
      return;
    }
    const isHttps = target.protocol === 'https:';
    const body = Buffer.from(rawBody, 'utf8');
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'LineBotWebhook/2.0',
      'content-length': String(body.length),
    };
    if (signature !== undefined && signature !== null) headers['x-line-signature'] = signature;

    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: Date.now() - started });
    };

    const req = (isHttps ? https : http).request(target, {
      method: 'POST',
      headers,
      agent: isHttps ? agents?.https : agents?.http,
      // Local test servers use self-signed certificates; LINE itself would
      // reject them, but the emulator is not the place to test TLS setup.
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      finish({ status: null, error: 'request_timeout', errorDetail: `no response within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);

    req.on('response', (res) => {
      const chunks = [];
      let size = 0;
      res.on('data', (chunk) => {
        if (size < MAX_RESPONSE_CAPTURE) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const responseBody = Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_CAPTURE);
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        finish({
          status: res.statusCode,
          responseBody,
          ...(ok ? {} : { error: 'error_status_code', errorDetail: `tsunagu answered HTTP ${res.statusCode}` }),
        });
      });
      res.on('error', (err) => finish({ status: res.statusCode, error: 'unclassified', errorDetail: err.message }));
    });
    req.on('error', (err) => {
      const connectCodes = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET'];
      const error = connectCodes.includes(err.code) ? 'could_not_connect' : 'unclassified';
      finish({ status: null, error, errorDetail: `${err.code ?? ''} ${err.message}`.trim() });
    });
    req.end(body);
  });
}
