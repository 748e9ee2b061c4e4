// Helpers for the emulator's own tests (and usable by tsunagu's integration
// tests): start an emulator on a free port, call its APIs, and run a tiny
// webhook receiver that records what LINE would have sent to tsunagu.
import http from 'node:http';
import { startEmulator } from '../server.mjs';

export const TOKEN = 'test-access-token';
export const SECRET = 'test-channel-secret-0123456789ab';

/** Starts an emulator on port 0 with test credentials; remember to close(). */
export function startTestEmulator(options = {}) {
  return startEmulator({ port: 0, channelSecret: SECRET, accessToken: TOKEN, ...options });
}

/**
 * Calls the Messaging API. `body` is JSON-encoded unless `rawBody` is given.
 * Returns { status, headers, text, json }.
 */
export async function api(emu, method, path, body, { token = TOKEN, headers = {}, rawBody, contentType = 'application/json' } = {}) {
  const h = { ...headers };
  if (token !== null) h.authorization = `Bearer ${token}`;
  let payload;
  if (rawBody !== undefined) payload = rawBody;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined && contentType !== null) h['content-type'] = contentType;
  const res = await fetch(emu.url + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Calls the control API and fails loudly on non-2xx unless `expect` says otherwise. */
export async function control(emu, method, path, body, { expect } = {}) {
  const res = await fetch(`${emu.url}/_emulator${path}`, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (expect !== undefined ? res.status !== expect : !res.ok) {
    throw new Error(`${method} /_emulator${path} → ${res.status} ${JSON.stringify(json)}`);
  }
  return json;
}

export async function firstUserId(emu, index = 0) {
  const { users } = await control(emu, 'GET', '/users');
  return users[index].userId;
}

export const textMessage = (text, extra = {}) => ({ type: 'text', text, ...extra });

/**
 * A webhook receiver. `respond(req)` may return a status (default 200).
 * Records { headers, rawBody, json } for every request.
 */
export async function startReceiver(respond = () => 200) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const rawBody = Buffer.concat(chunks);
      let json;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        json = undefined;
      }
      const record = { method: req.method, url: req.url, headers: req.headers, rawBody, json };
      requests.push(record);
      const status = await respond(record);
      if (status === 'hang') return; // never answer: for timeout tests
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'OK' : `status ${status}`);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/callback`;
  return {
    url,
    requests,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
