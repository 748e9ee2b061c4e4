// Multi-node setup for tests/integration/cluster.test.mjs: N tsunagu nodes (child processes)
// sharing one fresh PostgreSQL database, one LINE emulator (in this process) and a small HTTP
// load balancer (in this process) in front of the nodes' webhook endpoints. The emulator's
// webhook URL points at the balancer, as LINE's would point at a production balancer.
//
// Environment (besides the harness's TSUNAGU_BIN, TSUNAGU_IT_KEEP, TSUNAGU_IT_LOG):
//   TSUNAGU_TEST_PG_URL  a PostgreSQL server where the tests may create and drop databases,
//                        e.g. postgresql://postgres@127.0.0.1:PORT/postgres. scripts/with-postgres
//                        starts a throwaway server and sets it.
//   PSQL                 the psql client (default: psql on PATH)
//
// Each cluster gets its own database (tsunagu_it_<random>), dropped at the end; a failed test
// keeps it and the temp dir, and prints where they are.
import { spawn, execFile } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../../tools/line-emulator/server.mjs';
import {
  BIN,
  REPO,
  CHANNEL_SECRET,
  ACCESS_TOKEN,
  STAFF,
  configText,
  writeDataKey,
  runBin,
  waitFor,
  httpRequest,
  emulatorControl,
  loginAt,
} from './harness.mjs';

export const PG_URL = process.env.TSUNAGU_TEST_PG_URL || '';
export const PG_MISSING_MESSAGE =
  'TSUNAGU_TEST_PG_URL is not set: the multi-node tests need a PostgreSQL server. ' +
  'Run them through scripts/with-postgres, which starts a throwaway server and sets it ' +
  '(e.g. `scripts/with-postgres npm run test:integration`), or run `make test`.';
const PSQL = process.env.PSQL || 'psql';
const NODE_NAMES = 'ABCDEFGH';

// Node processes still running when this test file's process exits are killed (the harness does
// the same for its own children).
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

// ---- PostgreSQL ---------------------------------------------------------------------------

/** Runs one SQL command with psql; resolves its stdout (unaligned, tuples only). */
export function psql(url, sql, { timeoutMs = 30000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    execFile(
      PSQL,
      ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
      { timeout: timeoutMs, env: { ...process.env, PGCONNECT_TIMEOUT: '10' } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`psql ${JSON.stringify(sql)} failed: ${stderr.trim() || err.message}`));
        else resolvePromise(stdout);
      },
    );
  });
}

/** Creates a fresh database next to the one in `baseUrl`: { name, url, drop() }. */
export async function createDatabase(baseUrl = PG_URL) {
  if (!baseUrl) throw new Error(PG_MISSING_MESSAGE);
  const name = `tsunagu_it_${randomBytes(6).toString('hex')}`;
  await psql(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // WITH (FORCE) ends the sessions of nodes that are still connected (PostgreSQL 13+).
    drop: () => psql(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// ---- the load balancer ----------------------------------------------------------------------

/** The LINE userId of the first event in a webhook body, or null. */
function webhookSource(body) {
  try {
    const parsed = JSON.parse(body.toString('utf8'));
    const events = Array.isArray(parsed?.events) ? parsed.events : [];
    return { userId: events[0]?.source?.userId ?? null, eventIds: events.map((e) => e?.webhookEventId) };
  } catch {
    return { userId: null, eventIds: [] };
  }
}

/** Sends one request to a backend; resolves { status, headers, body } or rejects on a network error. */
function forward(url, { method, headers, body, timeoutMs }) {
  return new Promise((resolvePromise, reject) => {
    // agent: false: a new connection per request, so a killed node is never reached through a
    // stale keep-alive socket, and every failure is a plain connect or reset error.
    const req = http.request(url, { method, headers, agent: false, timeout: timeoutMs });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
      res.on('end', () => resolvePromise({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.end(body);
  });
}

/**
 * A tiny HTTP load balancer for the webhook endpoint. `backends()` returns the nodes' base URLs
 * (null: not started). Each POST is forwarded with its raw body and LINE's headers
 * (x-line-signature, content-type, user-agent) and the node's status and body are returned.
 *
 * Choice of node: the events of one LINE user alternate between the nodes (a user's first event
 * goes to the next node in plain round robin), so consecutive messages of one user always land
 * on different nodes — the hard case for ordering per sender. A production balancer does plain
 * round robin, which mixes the same way, only at random.
 *
 * Failure: like a real balancer, a request that cannot be delivered to the chosen node (connection
 * refused or reset, no answer) is tried on the next node. Only when every node failed (or, with
 * balancer.failover = false, when the chosen node failed) does the balancer answer 502; LINE then counts a failed delivery, which it would redeliver (the tests
 * redeliver it through the emulator with the same webhookEventId). Retrying a webhook on another
 * node is safe because events are stored once per webhookEventId: a node killed after its commit
 * but before its answer leaves a duplicate for the next node, which answers 200 without storing
 * it again.
 *
 * `log` holds one entry per request: { seq, userId, eventIds, first (node index chosen),
 * attempts: [{ node, status | error }], node (index that answered, or null), status, receivedAt,
 * answeredAt }.
 */
export async function startBalancer({ backends, timeoutMs = 5000 }) {
  const log = [];
  // Set balancer.failover = false to answer 502 as soon as the chosen node fails (no retry on the
  // next node), so that LINE sees the failure and redelivers.
  const balancer = { failover: true };
  const lastNodeOf = new Map(); // userId → node index of the user's previous event
  let roundRobin = 0;
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const urls = backends();
    const { userId, eventIds } = webhookSource(body);
    let first;
    if (userId && lastNodeOf.has(userId)) first = (lastNodeOf.get(userId) + 1) % urls.length;
    else first = roundRobin++ % urls.length;
    if (userId) lastNodeOf.set(userId, first);
    const entry = {
      seq: log.length + 1,
      userId,
      eventIds,
      first,
      attempts: [],
      node: null,
      status: null,
      receivedAt: Date.now(),
      answeredAt: null,
    };
    log.push(entry);
    const headers = { 'content-length': String(body.length) };
    for (const h of ['content-type', 'x-line-signature', 'user-agent']) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
    const tries = balancer.failover ? urls.length : 1;
    for (let k = 0; k < tries; k++) {
      const index = (first + k) % urls.length;
      if (!urls[index]) {
        entry.attempts.push({ node: index, error: 'not started' });
        continue;
      }
      try {
        const answer = await forward(urls[index] + req.url, { method: req.method, headers, body, timeoutMs });
        entry.attempts.push({ node: index, status: answer.status });
        entry.node = index;
        entry.status = answer.status;
        entry.answeredAt = Date.now();
        const out = {};
        if (answer.headers['content-type']) out['content-type'] = answer.headers['content-type'];
        res.writeHead(answer.status, out);
        res.end(answer.body);
        return;
      } catch (err) {
        entry.attempts.push({ node: index, error: err.code || err.message });
      }
    }
    entry.status = 502;
    entry.answeredAt = Date.now();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'no node answered', attempts: entry.attempts }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return Object.assign(balancer, {
    url,
    log,
    /** The log entries that carried `webhookEventId`, oldest first (redeliveries add entries). */
    entriesFor: (webhookEventId) => log.filter((e) => e.eventIds.includes(webhookEventId)),
    /** The entry that answered 200 for `webhookEventId` (the last one), or undefined. */
    acceptedEntry: (webhookEventId) => log.filter((e) => e.eventIds.includes(webhookEventId) && e.status === 200).at(-1),
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections?.();
      }),
  });
}

// ---- stream helpers ---------------------------------------------------------------------------

/**
 * Records when each frame of a harness WebSocket client arrived: ws.frameTimes[i] is the
 * Date.now() at which ws.frames[i] was parsed (frames that arrived before this call get the
 * current time). Returns ws.
 */
export function stampFrames(ws) {
  ws.frameTimes = [];
  const stamp = () => {
    const now = Date.now();
    while (ws.frameTimes.length < ws.frames.length) ws.frameTimes.push(now);
    return false;
  };
  stamp();
  ws.waiters.add(stamp); // called after every batch of parsed frames (see lib/ws.mjs notify())
  return ws;
}

/** The p-th percentile (0..100) of numbers, nearest rank. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

// ---- the cluster ------------------------------------------------------------------------------

/**
 * Starts the emulator, a fresh database, the balancer and `nodes` tsunagu nodes. Options:
 *   nodes: how many (default 2)
 *   staff: logins from STAFF to add with `tsunagu staff add` (default ['counselor1']); this also
 *          runs the migrations, before any node starts
 *   startNodes: false to leave the nodes stopped (start them with node.start())
 *   poolSize: [store] pool_size for every node
 *   line, channel, workers, security, server: config overrides for every node (see configText)
 *   nodeOptions: [overrides for node 0, for node 1, ...], merged over the above
 *   emulator: options for startEmulator
 * Returns the cluster: { nodes, emu, balancer, db, dir, stop(), dumpLogs() }.
 */
export async function startCluster(options = {}) {
  if (!PG_URL) throw new Error(PG_MISSING_MESSAGE);
  const count = options.nodes ?? 2;
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-cluster-'));
  const emulator = await startEmulator({
    port: 0,
    channelSecret: CHANNEL_SECRET,
    accessToken: ACCESS_TOKEN,
    ...(options.emulator ?? {}),
  });
  const cluster = {
    dir,
    emulator,
    emu: emulatorControl(emulator),
    nodes: [],
    db: null,
    balancer: null,
    stopped: false,
  };

  /** Adds staff (from STAFF) to the shared database; works with the nodes running or not. */
  cluster.addStaff = (login) => addStaffTo(cluster, login);

  cluster.dumpLogs = async (reason = '') => {
    try {
      writeFileSync(join(dir, 'emulator-requests.json'), JSON.stringify(emulator.state.requests, null, 2));
      writeFileSync(join(dir, 'emulator-webhooks.json'), JSON.stringify(emulator.state.deliveries, null, 2));
      if (cluster.balancer) writeFileSync(join(dir, 'balancer.json'), JSON.stringify(cluster.balancer.log, null, 2));
    } catch {
      // best effort
    }
    const out = [`\n===== tsunagu cluster: ${reason} — temp dir kept: ${dir}`];
    if (cluster.db) out.push(`database kept: ${cluster.db.url}  (psql "${cluster.db.url}")`);
    for (const node of cluster.nodes) {
      for (let run = 1; run <= node.runs; run++) {
        for (const kind of ['stdout', 'stderr']) {
          const p = node.logPath(run, kind);
          if (!existsSync(p)) continue;
          const lines = readFileSync(p, 'utf8').split('\n');
          out.push(`----- node ${node.name} run ${run} ${kind} (${p}, last ${Math.min(80, lines.length)} lines)\n${lines.slice(-80).join('\n')}`);
        }
      }
    }
    if (cluster.balancer) {
      const failed = cluster.balancer.log.filter((e) => e.status !== 200 || e.attempts.length > 1);
      out.push(
        `----- balancer: ${cluster.balancer.log.length} requests; not 200 at once: ${failed.length}\n` +
          failed.slice(-20).map((e) => `#${e.seq} ${e.eventIds.join(',')} → ${e.status} ${JSON.stringify(e.attempts)}`).join('\n'),
      );
    }
    const requests = emulator.state.requests
      .slice(-30)
      .map((r) => `${r.at} ${r.method} ${r.path} → ${r.status}${r.retryKey ? ` retryKey=${r.retryKey}` : ''}${r.fault ? ' (fault)' : ''}`);
    out.push(`----- last emulator Messaging API calls\n${requests.join('\n')}`);
    out.push(`===== end of logs (${dir})\n`);
    process.stderr.write(`${out.join('\n')}\n`);
  };

  cluster.stop = async ({ keep = false } = {}) => {
    if (cluster.stopped) return;
    cluster.stopped = true;
    try {
      await Promise.all(cluster.nodes.map((n) => n.stop()));
    } finally {
      if (cluster.balancer) await cluster.balancer.close();
      await emulator.close();
      const keepAll = keep || process.env.TSUNAGU_IT_KEEP === '1';
      if (cluster.db && !keepAll) await cluster.db.drop();
      if (!keepAll) rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    cluster.db = await createDatabase(PG_URL);
    cluster.dataKeys = options.dataKeys ?? [writeDataKey(dir)];
    for (let i = 0; i < count; i++) cluster.nodes.push(makeNode(cluster, i, options));
    cluster.balancer = await startBalancer({ backends: () => cluster.nodes.map((n) => n.tsunaguUrl) });
    await cluster.emu.config({ webhookUrl: `${cluster.balancer.url}/webhook/line/test` });
    for (const login of options.staff ?? ['counselor1']) await cluster.addStaff(login);
    if (options.startNodes !== false) await Promise.all(cluster.nodes.map((n) => n.start()));
  } catch (err) {
    await cluster.dumpLogs(`startCluster failed: ${err.message}`);
    await cluster.stop({ keep: true });
    throw err;
  }
  return cluster;
}

/** One node: its config file, its process, its URL (the last one it listened on). */
function makeNode(cluster, index, options) {
  const name = NODE_NAMES[index];
  const { dir, emulator } = cluster;
  const own = options.nodeOptions?.[index] ?? {};
  const node = {
    name,
    index,
    configPath: join(dir, `node-${name}.toml`),
    tsunaguUrl: null, // kept after a kill, so the balancer tries it and fails over, as a real one would
    child: null,
    runs: 0,
    sockets: new Set(),
    logPath: (run, kind) => join(dir, `node-${name}-${run}.${kind}.log`),
  };
  writeFileSync(
    node.configPath,
    configText({
      dir,
      emulatorUrl: emulator.url,
      store: { kind: 'postgres', url: cluster.db.url, pool_size: options.poolSize },
      line: { ...options.line, ...own.line },
      channel: { ...options.channel, ...own.channel },
      server: { ...options.server, ...own.server },
      workers: own.workers ?? options.workers,
      security: own.security ?? options.security,
      // Every node shares the database, so every node has the same key.
      dataKeys: cluster.dataKeys,
    }),
  );

  /** Spawns `tsunagu serve` and waits for "tsunagu listening on http://127.0.0.1:PORT". */
  node.start = async () => {
    node.runs += 1;
    const outPath = node.logPath(node.runs, 'stdout');
    const errPath = node.logPath(node.runs, 'stderr');
    const out = openSync(outPath, 'w');
    const err = openSync(errPath, 'w');
    const child = spawn(BIN, ['serve', '--config', node.configPath], { cwd: REPO, stdio: ['ignore', out, err] });
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
    node.child = child;
    const url = await waitFor(
      () => {
        if (child.spawnError) throw Object.assign(new Error(`cannot run ${BIN}: ${child.spawnError.message}`), { fatal: true });
        const m = /tsunagu listening on (http:\/\/\S+)/.exec(readFileSync(outPath, 'utf8'));
        if (m) return m[1];
        if (child.exitStatus) {
          const e = new Error(`node ${name} exited (${JSON.stringify(child.exitStatus)}) before listening; stderr: ${readFileSync(errPath, 'utf8')}`);
          throw Object.assign(e, { fatal: true });
        }
        return null;
      },
      15000,
      { what: `node ${name} to listen` },
    ).catch((e) => {
      throw new Error(`tsunagu node ${name} did not start: ${e.message}`);
    });
    node.tsunaguUrl = url.replace(/\/$/, '');
    return node.tsunaguUrl;
  };

  /** Sends `signal` and waits for the exit; resolves { code, signal } (null if not running). */
  node.kill = async (signal = 'SIGKILL') => {
    const child = node.child;
    if (!child) return null;
    if (!child.exitStatus) child.kill(signal);
    const status = await child.exited;
    node.child = null;
    return status;
  };

  /** SIGTERM (SIGKILL after `timeoutMs`); closes this node's streams first. */
  node.stop = async ({ timeoutMs = 10000 } = {}) => {
    const child = node.child;
    if (!child) return null;
    for (const ws of node.sockets) ws.close();
    node.sockets.clear();
    if (!child.exitStatus) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      child.stopTimedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const status = await child.exited;
    clearTimeout(timer);
    node.child = null;
    return child.stopTimedOut ? { ...status, timedOut: true } : status;
  };

  /**
   * Logs in on this node. The client can be moved to another node with client.moveTo(node):
   * sessions live in the shared database, so the same cookie works on every node.
   */
  node.login = async (login, password) => {
    const target = { tsunaguUrl: node.tsunaguUrl, sockets: node.sockets };
    const client = await loginAt(target, login, password);
    client.node = node;
    client.moveTo = (other) => {
      target.tsunaguUrl = other.tsunaguUrl;
      target.sockets = other.sockets;
      client.node = other;
    };
    return client;
  };

  node.http = (method, path, opts) => httpRequest(method, node.tsunaguUrl + path, opts);
  return node;
}

/** Adds a staff member with `tsunagu staff add` against the shared database (through node A's config). */
async function addStaffTo(cluster, login) {
  const s = STAFF[login];
  if (!s) throw new Error(`unknown staff ${login}`);
  const res = await runBin(
    ['staff', 'add', '--config', cluster.nodes[0].configPath, '--login', s.login, '--name', s.name, '--role', s.role],
    { input: `${s.password}\n` },
  );
  writeFileSync(join(cluster.dir, `staff-add-${login}.log`), `exit ${res.code}\n${res.stdout}\n${res.stderr}`);
  if (res.code !== 0) throw new Error(`staff add ${login} failed (exit ${res.code}): ${res.stderr}${res.stdout}`);
}

/**
 * startCluster plus cleanup on the test context `t`: stops everything after the test and, if the
 * test failed, prints the logs and keeps the temp dir and the database.
 */
export async function clusterFor(t, options = {}) {
  const cluster = await startCluster(options);
  t.after(async () => {
    const failed = t.passed === false;
    if (failed) await cluster.dumpLogs(`test "${t.name}" failed`);
    await cluster.stop({ keep: failed });
  });
  return cluster;
}
