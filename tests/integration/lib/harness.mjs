// Shared setup for the black-box integration tests: a LINE emulator (in this
// process) plus the real tsunagu binary (a child process) on port 0, with a
// fresh temp dir, config and SQLite database per stack. Tests drive tsunagu
// only from outside: webhooks through the emulator, the console API over
// HTTP and WebSocket, and signals.
//
// Environment:
//   TSUNAGU_BIN       binary to test (default build/tsunagu), e.g. an ASan build
//   TSUNAGU_IT_KEEP=1 keep every temp dir (failed tests always keep theirs)
//   TSUNAGU_IT_LOG=debug  server log level (default warn)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, after, afterEach } from 'node:test';
import { startEmulator } from '../../../tools/line-emulator/server.mjs';
import { connectWebSocket } from './ws.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = resolve(REPO, process.env.TSUNAGU_BIN || 'build/tsunagu');
export const CHANNEL_KEY = 'test';
export const CHANNEL_SECRET = 'it-channel-secret-0123456789abcdef';
export const ACCESS_TOKEN = 'it-channel-access-token';
export const GREETING = 'ようこそ';
export { sleep };

/** Staff the tests can ask for by login. Passwords are ≥ 10 characters. */
export const STAFF = {
  counselor1: { login: 'counselor1', name: '相談員 佐藤', role: 'counselor', password: 'counselor1-password' },
  counselor2: { login: 'counselor2', name: '相談員 鈴木', role: 'counselor', password: 'counselor2-password' },
  counselor3: { login: 'counselor3', name: '相談員 田中', role: 'counselor', password: 'counselor3-password' },
  counselor4: { login: 'counselor4', name: '相談員 渡辺', role: 'counselor', password: 'counselor4-password' },
  counselor5: { login: 'counselor5', name: '相談員 山本', role: 'counselor', password: 'counselor5-password' },
  counselor6: { login: 'counselor6', name: '相談員 中村', role: 'counselor', password: 'counselor6-password' },
  counselor7: { login: 'counselor7', name: '相談員 小林', role: 'counselor', password: 'counselor7-password' },
  counselor8: { login: 'counselor8', name: '相談員 加藤', role: 'counselor', password: 'counselor8-password' },
  counselor9: { login: 'counselor9', name: '相談員 吉田', role: 'counselor', password: 'counselor9-password' },
  counselor10: { login: 'counselor10', name: '相談員 山田', role: 'counselor', password: 'counselor10-password' },
  supervisor1: { login: 'supervisor1', name: 'SV 高橋', role: 'supervisor', password: 'supervisor1-password' },
  admin1: { login: 'admin1', name: '管理者 伊藤', role: 'admin', password: 'admin1-password!' },
  auditor1: { login: 'auditor1', name: '監査 松本', role: 'auditor', password: 'auditor1-password' },
};

// Children still running when this test file's process exits are killed, so a
// crashed or timed-out test never leaves a server behind.
const liveChildren = new Set();
process.on('exit', () => {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

// ---- small helpers ------------------------------------------------------------------

/**
 * Polls `probe` (sync or async) until it returns a truthy value, and returns
 * that value. Throws after `timeoutMs` with `what` and the last value seen.
 */
export async function waitFor(probe, timeoutMs = 3000, { intervalMs = 25, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last) return last;
    } catch (err) {
      if (err?.fatal) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const seen = lastError ? `last error: ${lastError.message}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${seen}`);
    }
    await sleep(intervalMs);
  }
}

function tomlValue(v) {
  if (typeof v === 'string') return JSON.stringify(v); // JSON string escapes are valid TOML basic strings
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  throw new Error(`cannot write ${typeof v} to TOML`);
}

function tomlTable(name, fields) {
  const lines = [`[${name}]`];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) lines.push(`${k} = ${tomlValue(v)}`);
  return lines.join('\n');
}

/**
 * Writes a new data key (the base64 of 32 random bytes, as `tsunagu keys generate` prints it)
 * to <dir>/<id>.key, mode 600, and returns the `[security] data_keys` entry "id:path".
 */
export function writeDataKey(dir, id = 'it1') {
  const path = join(dir, `${id}.key`);
  writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  return `${id}:${path}`;
}

/**
 * The config text for one stack. Only sections that are given (or required) are written.
 * `store` replaces the [store] table (default: SQLite at <dir>/t.db), e.g.
 * { kind: 'postgres', url, pool_size } for the cluster tests (lib/cluster.mjs).
 * `dataKeys` is [security] data_keys (encryption at rest; see writeDataKey): the server does not
 * start without one. An empty list writes none.
 */
export function configText({ dir, emulatorUrl, server = {}, store, line = {}, channel = {}, program = {}, workers, security, dataKeys = [], queue = {}, sections = {}, log = {} }) {
  const parts = [
    tomlTable('server', { host: '127.0.0.1', port: 0, static_dir: '', ...server }),
    tomlTable('store', store ?? { kind: 'sqlite', path: join(dir, 't.db') }),
    tomlTable('log', { level: process.env.TSUNAGU_IT_LOG || 'warn', ...log }),
    tomlTable('line', { reply_token_validity_ms: 50000, ...line }),
    tomlTable('programs.center', { name: 'テストセンター', ...program }),
    tomlTable(`line.channels.${CHANNEL_KEY}`, {
      program: 'center',
      channel_secret: CHANNEL_SECRET,
      channel_access_token: ACCESS_TOKEN,
      api_base: emulatorUrl,
      api_data_base: emulatorUrl,
      greeting: GREETING,
      waiting_reply: '',
      ...channel,
    }),
  ];
  // [workers] and [security] are written only when a test asks for them, so
  // that tests not about them do not depend on those keys; data_keys is always needed.
  if (workers) parts.push(tomlTable('workers', workers));
  if (security || dataKeys.length > 0) {
    parts.push(tomlTable('security', { ...(dataKeys.length > 0 ? { data_keys: dataKeys } : {}), ...security }));
  }
  // Queue notices push to people waiting after 15 s; tests about other things leave them off so
  // that phones show only what those tests expect.
  parts.push(tomlTable('queue', { position_notice_interval_seconds: 0, ...queue }));
  // Any other section as given, e.g. { nudges: {...}, testing: { manual_clock: true } }.
  for (const [name, fields] of Object.entries(sections)) parts.push(tomlTable(name, fields));
  return `${parts.join('\n\n')}\n`;
}

/** Runs the binary to completion; resolves { code, signal, stdout, stderr }. */
export function runBin(args, { input, timeoutMs = 30000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(BIN, args, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    liveChildren.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      reject(new Error(`cannot run ${BIN}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** A fetch that returns { status, headers, text, json } and never throws on HTTP errors. */
export async function httpRequest(method, url, { body, rawBody, headers = {} } = {}) {
  const h = { ...headers };
  let payload;
  if (rawBody !== undefined) payload = rawBody;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

// ---- emulator control -------------------------------------------------------------------

/** Control API client for an emulator started with startEmulator (also used by lib/cluster.mjs). */
export function emulatorControl(emulator) {
  const call = async (method, path, body, { expect } = {}) => {
    const res = await httpRequest(method, `${emulator.url}/_emulator${path}`, { body });
    const ok = expect !== undefined ? res.status === expect : res.status >= 200 && res.status < 300;
    if (!ok) throw new Error(`emulator ${method} ${path} → ${res.status} ${res.text}`);
    return res.json;
  };
  const emu = {
    url: emulator.url,
    call,
    async users() {
      return (await call('GET', '/users')).users;
    },
    /** The userId of preset user `index` (the emulator has 4 by default). */
    async userId(index = 0) {
      return (await emu.users())[index].userId;
    },
    /** Each of these answers { event, webhookStatus, webhookError? }: what tsunagu answered. */
    follow: (userId) => call('POST', `/users/${userId}/follow`, {}),
    unfollow: (userId) => call('POST', `/users/${userId}/unfollow`, {}),
    send: (userId, text) => call('POST', `/users/${userId}/messages`, { text }),
    /** A button press: the postback event (LINE shows displayText as the user's bubble). */
    postback: (userId, data, displayText) => call('POST', `/users/${userId}/postback`, { data, displayText }),
    /** Presses the quick reply button `label` under the newest message that has buttons. */
    async tap(userId, label) {
      const withButtons = (await emu.inbox(userId)).filter((m) => m.message.quickReply).at(-1);
      if (!withButtons) throw new Error(`no message with buttons in ${userId}'s chat`);
      const item = withButtons.message.quickReply.items.find((i) => i.action.label === label);
      if (!item) {
        const labels = withButtons.message.quickReply.items.map((i) => i.action.label);
        throw new Error(`no button "${label}" (buttons: ${labels.join(', ')})`);
      }
      return emu.postback(userId, item.action.data, item.action.displayText);
    },
    async inbox(userId) {
      return (await call('GET', `/users/${userId}/inbox`)).messages;
    },
    /** Texts the user's phone shows from the account, in order. */
    async inboxTexts(userId) {
      return (await emu.inbox(userId)).map((m) => m.message.text);
    },
    /** The Messaging API call log (reply, push, ...): { seq, method, path, status, retryKey, at, body, fault? }. */
    async requests() {
      return (await call('GET', '/requests')).requests;
    },
    async webhooks() {
      return (await call('GET', '/webhooks')).deliveries;
    },
    faults: (fault) => call('POST', '/faults', fault, { expect: 201 }),
    clearFaults: () => call('DELETE', '/faults'),
    /** { body, signatureMode: valid|bad|missing, signature? } → { webhookStatus, responseBody }. */
    rawWebhook: (options) => call('POST', '/raw-webhook', options),
    redeliver: (webhookEventId) => call('POST', '/redeliver', { webhookEventId }),
    config: (patch) => (patch ? call('POST', '/config', patch) : call('GET', '/config')),
    botUserId: () => emulator.state.botUserId,
  };
  return emu;
}

// ---- console API client -----------------------------------------------------------------

/**
 * A console client for a logged-in session. `stack` is anything with `tsunaguUrl` (read on
 * every call, so a client can be moved to another node) and `sockets` (a Set of open streams).
 */
export function consoleClient(stack, session) {
  const base = () => stack.tsunaguUrl;
  const client = {
    staff: session.staff,
    csrf: session.csrf,
    cookie: session.cookie,
    get: (path, { headers = {} } = {}) =>
      httpRequest('GET', base() + path, { headers: { cookie: client.cookie, ...headers } }),
    /** POST with the session cookie and, unless csrf: false, the X-CSRF-Token header. */
    post: (path, body, { csrf = true, headers = {} } = {}) =>
      httpRequest('POST', base() + path, {
        body: body ?? {},
        headers: { cookie: client.cookie, ...(csrf ? { 'x-csrf-token': client.csrf } : {}), ...headers },
      }),
    async conversations(view = 'waiting') {
      const res = await client.get(`/api/v1/conversations?view=${view}`);
      if (res.status !== 200) throw new Error(`GET conversations?view=${view} → ${res.status} ${res.text}`);
      return res.json.conversations;
    },
    async messages(conversationId) {
      const res = await client.get(`/api/v1/conversations/${conversationId}/messages`);
      if (res.status !== 200) throw new Error(`GET messages of ${conversationId} → ${res.status} ${res.text}`);
      return res.json;
    },
    take: (id) => client.post(`/api/v1/conversations/${id}/take`),
    /** Closing needs a wrap-up (docs/api.md); the default is a valid one from data/topics.tsv. */
    close: (id, wrapUp = { topics: ['other'], risk_level: 0, outcome: 'ended', summary: '' }) =>
      client.post(`/api/v1/conversations/${id}/close`, wrapUp),
    reply: (id, text) => client.post(`/api/v1/conversations/${id}/messages`, { text }),
    /** Opens /api/v1/stream and waits for hello. */
    async stream() {
      const ws = await connectWebSocket(`${base().replace(/^http/, 'ws')}/api/v1/stream`, {
        headers: { cookie: client.cookie },
      });
      stack.sockets.add(ws);
      await ws.waitFor((f) => f.type === 'hello', { what: 'hello' });
      return ws;
    },
  };
  return client;
}

/**
 * Logs in at `target.tsunaguUrl`; throws unless 200. Returns a console client bound to `target`
 * (see consoleClient).
 */
export async function loginAt(target, login, password = STAFF[login]?.password) {
  const res = await httpRequest('POST', `${target.tsunaguUrl}/api/v1/auth/login`, { body: { login, password } });
  if (res.status !== 200) throw new Error(`login ${login} → ${res.status} ${res.text}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const m = /tsunagu_session=([^;]*)/.exec(setCookie);
  if (!m) throw new Error(`login ${login}: no tsunagu_session cookie in ${JSON.stringify(setCookie)}`);
  return consoleClient(target, { staff: res.json.staff, csrf: res.json.csrf_token, cookie: `tsunagu_session=${m[1]}` });
}

// ---- the stack ------------------------------------------------------------------------------

/**
 * Starts the emulator and tsunagu. Options:
 *   staff: logins from STAFF to create (default ['counselor1'])
 *   line, channel, workers, security, server, queue, program: config overrides (see configText)
 *   sections: other config tables by name, e.g. { nudges: {...}, testing: { manual_clock: true } }
 *   emulator: options for startEmulator (e.g. { replyTokenTtlMs: 500 })
 *   dataKeys: [security] data_keys (default: one new key file in the temp dir, "it1:<dir>/it1.key")
 * Returns the stack; call stack.stop() (stackFor does it for you).
 */
export async function startStack(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-it-'));
  if (options.dataKeys === undefined) options = { ...options, dataKeys: [writeDataKey(dir)] };
  const emulator = await startEmulator({
    port: 0,
    channelSecret: CHANNEL_SECRET,
    accessToken: ACCESS_TOKEN,
    ...(options.emulator ?? {}),
  });
  const stack = {
    bin: BIN,
    dir,
    configPath: join(dir, 'tsunagu.toml'),
    emulatorUrl: emulator.url,
    emulator,
    emu: emulatorControl(emulator),
    tsunaguUrl: null,
    port: null,
    child: null,
    runs: 0, // servers started so far; log files are numbered by run
    sockets: new Set(),
    options,
    stopped: false,
  };

  stack.writeConfig = (overrides = {}) => {
    stack.options = { ...stack.options, ...overrides };
    const o = stack.options;
    writeFileSync(stack.configPath, configText({ dir, emulatorUrl: emulator.url, ...o }));
  };

  stack.addStaff = async (login) => {
    const s = STAFF[login];
    if (!s) throw new Error(`unknown staff ${login}`);
    const res = await runBin(
      ['staff', 'add', '--config', stack.configPath, '--login', s.login, '--name', s.name, '--role', s.role],
      { input: `${s.password}\n` },
    );
    writeFileSync(join(dir, `staff-add-${login}.log`), `exit ${res.code}\n${res.stdout}\n${res.stderr}`);
    if (res.code !== 0) throw new Error(`staff add ${login} failed (exit ${res.code}): ${res.stderr}${res.stdout}`);
  };

  /** Spawns the server and waits for "tsunagu listening on http://127.0.0.1:PORT". */
  stack.startServer = async () => {
    stack.runs += 1;
    const outPath = join(dir, `server-${stack.runs}.stdout.log`);
    const errPath = join(dir, `server-${stack.runs}.stderr.log`);
    const out = openSync(outPath, 'w');
    const err = openSync(errPath, 'w');
    const child = spawn(BIN, ['serve', '--config', stack.configPath], { cwd: REPO, stdio: ['ignore', out, err] });
    closeSync(out);
    closeSync(err);
    liveChildren.add(child);
    child.exited = new Promise((res) =>
      child.on('exit', (code, signal) => {
        liveChildren.delete(child);
        child.exitStatus = { code, signal };
        res(child.exitStatus);
      }),
    );
    child.on('error', (e) => {
      child.spawnError = e;
    });
    stack.child = child;
    const line = await waitFor(
      () => {
        if (child.spawnError) throw Object.assign(new Error(`cannot run ${BIN}: ${child.spawnError.message}`), { fatal: true });
        const m = /tsunagu listening on (http:\/\/\S+)/.exec(readFileSync(outPath, 'utf8'));
        if (m) return m[1];
        if (child.exitStatus) {
          const e = new Error(`server exited (${JSON.stringify(child.exitStatus)}) before listening; stderr: ${readFileSync(errPath, 'utf8')}`);
          throw Object.assign(e, { fatal: true });
        }
        return null;
      },
      15000,
      { what: 'the server to listen' },
    ).catch((e) => {
      throw new Error(`tsunagu did not start: ${e.message}`);
    });
    stack.tsunaguUrl = line.replace(/\/$/, '');
    stack.port = Number(new URL(stack.tsunaguUrl).port);
    await stack.emu.config({ webhookUrl: `${stack.tsunaguUrl}/webhook/line/${CHANNEL_KEY}` });
    return stack.tsunaguUrl;
  };

  /** Stops the server: SIGTERM (or SIGKILL with kill9). Resolves { code, signal }. */
  stack.stopServer = async ({ kill9 = false, timeoutMs = 10000 } = {}) => {
    const child = stack.child;
    if (!child) return null;
    for (const ws of stack.sockets) ws.close();
    stack.sockets.clear();
    if (!child.exitStatus) child.kill(kill9 ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => {
      child.stopTimedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const status = await child.exited;
    clearTimeout(timer);
    stack.child = null;
    if (child.stopTimedOut) return { ...status, timedOut: true };
    return status;
  };

  /** Stops and starts the server on the same DB; `config` changes the config first. */
  stack.restart = async ({ kill9 = false, config } = {}) => {
    const stopped = await stack.stopServer({ kill9 });
    if (config) stack.writeConfig(config);
    await stack.startServer();
    return stopped;
  };

  /** Logs in; throws unless 200. Returns a console client (get/post/take/reply/stream...). */
  stack.login = (login, password) => loginAt(stack, login, password);

  /** A raw login attempt: { status, json, headers }. */
  stack.loginAttempt = (login, password, headers = {}) =>
    httpRequest('POST', `${stack.tsunaguUrl}/api/v1/auth/login`, { body: { login, password }, headers });

  stack.http = (method, path, opts) => httpRequest(method, stack.tsunaguUrl + path, opts);

  /** Prints the server logs and saves the emulator logs into the temp dir. */
  stack.dumpLogs = async (reason = '') => {
    try {
      writeFileSync(join(dir, 'emulator-requests.json'), JSON.stringify(emulator.state.requests, null, 2));
      writeFileSync(join(dir, 'emulator-webhooks.json'), JSON.stringify(emulator.state.deliveries, null, 2));
    } catch {
      // best effort
    }
    const out = [`\n===== tsunagu integration: ${reason} — temp dir kept: ${dir}`];
    for (let run = 1; run <= stack.runs; run++) {
      for (const kind of ['stdout', 'stderr']) {
        const p = join(dir, `server-${run}.${kind}.log`);
        if (!existsSync(p)) continue;
        const lines = readFileSync(p, 'utf8').split('\n');
        const tail = lines.slice(-120).join('\n');
        out.push(`----- server run ${run} ${kind} (${p}, last ${Math.min(120, lines.length)} lines)\n${tail}`);
      }
    }
    const requests = emulator.state.requests.slice(-30).map(
      (r) => `${r.at} ${r.method} ${r.path} → ${r.status}${r.retryKey ? ` retryKey=${r.retryKey}` : ''}${r.fault ? ' (fault)' : ''}`,
    );
    out.push(`----- last emulator Messaging API calls\n${requests.join('\n')}`);
    out.push(`===== end of logs (${dir})\n`);
    process.stderr.write(`${out.join('\n')}\n`);
  };

  /** Stops everything. Keeps the temp dir if `keep` or TSUNAGU_IT_KEEP=1. */
  stack.stop = async ({ keep = false } = {}) => {
    if (stack.stopped) return;
    stack.stopped = true;
    try {
      await stack.stopServer();
    } finally {
      await emulator.close();
      if (!keep && process.env.TSUNAGU_IT_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    stack.writeConfig();
    for (const login of options.staff ?? ['counselor1']) await stack.addStaff(login);
    await stack.startServer();
  } catch (err) {
    await stack.dumpLogs(`startStack failed: ${err.message}`);
    await stack.stop({ keep: true });
    throw err;
  }
  return stack;
}

/**
 * startStack plus cleanup on `ctx` (a test context or describe's after hook
 * registrar): stops the stack after the test and, if it failed, prints the
 * logs and keeps the temp dir.
 */
export async function stackFor(t, options = {}) {
  const stack = await startStack(options);
  t.after(async () => {
    const failed = t.passed === false;
    if (failed) await stack.dumpLogs(`test "${t.name}" failed`);
    await stack.stop({ keep: failed });
  });
  return stack;
}

/**
 * For a describe() block whose tests share one stack: starts it in before()
 * (then runs `setup(stack)`, whose result lands in ref.ctx), stops it in
 * after(), and prints the logs and keeps the temp dir if anything failed.
 * Returns ref = { stack, ctx, failed }; read ref.stack inside the tests.
 */
export function useSuiteStack(options = {}, setup = async () => ({})) {
  const ref = { stack: null, ctx: null, failed: false };
  before(async () => {
    try {
      ref.stack = await startStack(options);
      ref.ctx = await setup(ref.stack);
    } catch (err) {
      ref.failed = true;
      throw err;
    }
  });
  afterEach((t) => {
    if (t.passed === false) ref.failed = true;
  });
  after(async () => {
    if (!ref.stack) return;
    if (ref.failed) await ref.stack.dumpLogs('a test of this suite failed');
    await ref.stack.stop({ keep: ref.failed });
  });
  return ref;
}

// ---- domain helpers -------------------------------------------------------------------------

/** Finds, in `view`, the conversation whose messages contain `text`; waits until it shows up. */
export async function conversationWithText(client, text, { view = 'waiting', timeoutMs = 3000 } = {}) {
  return waitFor(
    async () => {
      for (const c of await client.conversations(view)) {
        const { messages } = await client.messages(c.id);
        if (messages.some((m) => m.text === text)) return c;
      }
      return null;
    },
    timeoutMs,
    { what: `a conversation in view=${view} with the message ${JSON.stringify(text)}` },
  );
}

/** Waits until message `id` of the conversation has the delivery state; returns the message. */
export async function waitDelivery(client, conversationId, messageId, state = 'delivered', timeoutMs = 5000) {
  let last;
  try {
    return await waitFor(
      async () => {
        const { messages } = await client.messages(conversationId);
        last = messages.find((m) => m.id === messageId);
        return last && last.delivery_state === state ? last : null;
      },
      timeoutMs,
      { what: `message ${messageId} to become ${state}` },
    );
  } catch (err) {
    throw new Error(`${err.message}; message is ${JSON.stringify(last)}`);
  }
}

/** Counts how often `text` appears in a list of strings. */
export const countOf = (list, text) => list.filter((x) => x === text).length;

/** Emulator Messaging API calls that carried `text` in their first message. */
export async function sendCallsWithText(emu, text) {
  return (await emu.requests()).filter((r) => r.body?.messages?.some((m) => m.text === text));
}
