#!/usr/bin/env node
// LINE platform emulator for tsunagu: serves the Messaging API (as
// api.line.me and api-data.line.me), sends signed webhooks to tsunagu, and
// offers a phone page plus a control API for people and tests.
// Usage: node tools/line-emulator/server.mjs --help
import http from 'node:http';
import https from 'node:https';
import { readFileSync, writeFileSync, renameSync, realpathSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmulatorState, DEFAULTS } from './lib/state.mjs';
import { createMessagingApi } from './lib/messaging-api.mjs';
import { createControlApi } from './lib/control-api.mjs';
import { sendText } from './lib/http-util.mjs';

const PHONE_HTML_PATH = new URL('./public/phone.html', import.meta.url);

/**
 * Starts an emulator. Options (all optional): host, port (0 = any free port),
 * portFile, channelSecret, accessToken, webhookUrl, replyTokenTtlMs,
 * webhookTimeoutMs, botName, users (number of preset users).
 * Resolves { url, port, host, state, close() }.
 */
export async function startEmulator(options = {}) {
  const host = options.host ?? DEFAULTS.host;
  const port = options.port ?? DEFAULTS.port;
  const state = new EmulatorState(options);
  // Separate keep-alive pools for webhook calls, destroyed on close so no
  // socket outlives the emulator.
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const messagingApi = createMessagingApi(state);
  const controlApi = createControlApi(state, { agents });
  // Read once at start: the page is static; the bot name comes from /_emulator/config.
  const phoneHtml = readFileSync(PHONE_HTML_PATH, 'utf8');

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://emulator.invalid');
    const path = url.pathname;
    let work;
    if (req.method === 'GET' && (path === '/' || path === '/phone' || path === '/index.html')) {
      req.resume();
      sendText(res, 200, phoneHtml, 'text/html; charset=utf-8');
      return;
    } else if (path === '/favicon.ico') {
      req.resume();
      res.writeHead(204).end();
      return;
    } else if (path === '/_emulator' || path.startsWith('/_emulator/')) {
      work = controlApi(req, res, url);
    } else {
      work = messagingApi(req, res, url);
    }
    work.catch((err) => {
      // Last resort: an emulator bug must show up loudly, not as a hang.
      process.stderr.write(`line-emulator: ${err.stack ?? err}\n`);
      if (res.headersSent) {
        res.end();
        return;
      }
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal server error' }));
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${actualPort}`;
  state.baseUrl = url;

  if (options.portFile) {
    // Write then rename, so a watcher never reads a half-written file.
    const tmp = `${options.portFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${actualPort}\n`);
    renameSync(tmp, options.portFile);
  }

  let closing = null;
  const close = () => {
    closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      agents.http.destroy();
      agents.https.destroy();
    });
    return closing;
  };

  return { url, port: actualPort, host, state, close };
}

// ---- command line ----------------------------------------------------------------

const USAGE = `Usage: node tools/line-emulator/server.mjs [options]
  --host HOST                 listen address (default ${DEFAULTS.host})
  --port N                    port, 0 = pick a free one (default ${DEFAULTS.port})
  --port-file PATH            write the chosen port number to PATH
  --channel-secret S          channel secret for x-line-signature (default ${DEFAULTS.channelSecret})
  --access-token T            accepted Bearer token (default ${DEFAULTS.accessToken})
  --webhook-url URL           tsunagu's webhook endpoint (default: unset, events are kept but not sent)
  --reply-token-ttl-ms N      reply token lifetime (default ${DEFAULTS.replyTokenTtlMs})
  --webhook-timeout-ms N      webhook answer deadline (default ${DEFAULTS.webhookTimeoutMs}, as LINE)
  --bot-name NAME             official account name shown on the phone (default ${DEFAULTS.botName})
  --users N                   number of preset simulated users (default ${DEFAULTS.users})
  --help                      show this help`;

export function parseArgs(argv) {
  const spec = {
    '--host': ['host', String],
    '--port': ['port', Number],
    '--port-file': ['portFile', String],
    '--channel-secret': ['channelSecret', String],
    '--access-token': ['accessToken', String],
    '--webhook-url': ['webhookUrl', String],
    '--reply-token-ttl-ms': ['replyTokenTtlMs', Number],
    '--webhook-timeout-ms': ['webhookTimeoutMs', Number],
    '--bot-name': ['botName', String],
    '--users': ['users', Number],
  };
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const entry = spec[arg];
    if (!entry) throw new Error(`unknown option: ${arg}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${arg}`);
      value = argv[++i];
    }
    const [key, type] = entry;
    const converted = type(value);
    if (type === Number && (!Number.isInteger(converted) || converted < 0)) {
      throw new Error(`${arg} needs a non-negative integer, got ${value}`);
    }
    options[key] = converted;
  }
  if (options.replyTokenTtlMs === 0 || options.webhookTimeoutMs === 0) throw new Error('durations must be positive');
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`line-emulator: ${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (err) {
    process.stderr.write(`line-emulator: cannot listen: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`line-emulator listening on ${emulator.url}\n`);
  const shutdown = () => {
    emulator.close().then(() => process.exit(0));
    // Do not hang forever on a stuck connection.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

// Run the CLI only when executed directly, not when imported by tests.
function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(resolvePath(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isMain()) main();
