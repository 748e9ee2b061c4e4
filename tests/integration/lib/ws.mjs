// A tiny RFC 6455 WebSocket client for the integration tests (Node 20 has no
// built-in client). Enough for /api/v1/stream: text frames in both directions,
// fragmentation, ping -> pong, close. Client frames are masked (RFC 6455 §5.3).
import http from 'node:http';
import { randomBytes, createHash } from 'node:crypto';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { cont: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };

/** Encodes one masked client frame. */
function encodeFrame(opcode, payload) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload ?? '', 'utf8');
  let header;
  if (data.length < 126) {
    header = Buffer.alloc(2);
    header[1] = 0x80 | data.length;
  } else if (data.length < 0x10000) {
    header = Buffer.alloc(4);
    header[1] = 0x80 | 126;
    header.writeUInt16BE(data.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(data.length), 2);
  }
  header[0] = 0x80 | opcode; // FIN + opcode
  const mask = randomBytes(4);
  const masked = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) masked[i] = data[i] ^ mask[i & 3];
  return Buffer.concat([header, mask, masked]);
}

/**
 * Opens a WebSocket. Resolves a client once the server answered 101, or
 * rejects with err.status / err.body when the upgrade is refused.
 * Client: frames (every parsed JSON text frame, in order), texts (raw),
 * closed (null | {code, reason}), waitFor(pred, ms), send(obj|string), close().
 */
export function connectWebSocket(url, { headers = {}, timeoutMs = 5000 } = {}) {
  const target = new URL(url.replace(/^ws/, 'http'));
  const key = randomBytes(16).toString('base64');
  const expectedAccept = createHash('sha1').update(key + WS_GUID).digest('base64');
  return new Promise((resolve, reject) => {
    const req = http.request(target, {
      method: 'GET',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': key,
        ...headers,
      },
      timeout: timeoutMs,
    });
    req.on('timeout', () => req.destroy(new Error(`websocket upgrade timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      // Not upgraded: report the HTTP answer.
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const err = new Error(`websocket upgrade refused: HTTP ${res.statusCode} ${body}`);
        err.status = res.statusCode;
        err.body = body;
        reject(err);
      });
    });
    req.on('upgrade', (res, socket, head) => {
      if (res.headers['sec-websocket-accept'] !== expectedAccept) {
        socket.destroy();
        reject(new Error('bad Sec-WebSocket-Accept'));
        return;
      }
      resolve(new WebSocketClient(socket, head));
    });
    req.end();
  });
}

class WebSocketClient {
  constructor(socket, head) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.fragments = null; // { opcode, parts[] } while a fragmented message is arriving
    this.texts = [];
    this.frames = [];
    this.closed = null;
    this.waiters = new Set();
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('close', () => {
      this.closed ??= { code: 1006, reason: 'connection lost' };
      this.notify();
    });
    socket.on('error', () => {}); // 'close' follows
    if (head && head.length) this.onData(head);
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = this.parseFrame();
      if (!frame) break;
      this.onFrame(frame);
    }
    this.notify();
  }

  /** Takes one complete frame off the buffer, or returns null. Server frames are unmasked. */
  parseFrame() {
    const b = this.buffer;
    if (b.length < 2) return null;
    const fin = (b[0] & 0x80) !== 0;
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      len = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    let mask = null;
    if (masked) {
      if (b.length < offset + 4) return null;
      mask = b.subarray(offset, offset + 4);
      offset += 4;
    }
    if (b.length < offset + len) return null;
    let payload = Buffer.from(b.subarray(offset, offset + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    this.buffer = b.subarray(offset + len);
    return { fin, opcode, payload };
  }

  onFrame({ fin, opcode, payload }) {
    if (opcode === OP.ping) {
      this.writeRaw(encodeFrame(OP.pong, payload));
      return;
    }
    if (opcode === OP.pong) return;
    if (opcode === OP.close) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      const reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : '';
      this.closed ??= { code, reason };
      this.writeRaw(encodeFrame(OP.close, payload.subarray(0, 2)));
      this.socket.end();
      return;
    }
    if (opcode === OP.text || opcode === OP.binary) {
      this.fragments = { opcode, parts: [payload] };
    } else if (opcode === OP.cont && this.fragments) {
      this.fragments.parts.push(payload);
    } else {
      return; // unexpected continuation: ignore
    }
    if (!fin) return;
    const { opcode: messageOpcode, parts } = this.fragments;
    this.fragments = null;
    if (messageOpcode !== OP.text) return;
    const text = Buffer.concat(parts).toString('utf8');
    this.texts.push(text);
    try {
      this.frames.push(JSON.parse(text));
    } catch {
      this.frames.push({ type: '(not json)', text });
    }
  }

  writeRaw(buf) {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(buf);
  }

  notify() {
    for (const w of this.waiters) w();
  }

  /** Sends a text frame (objects are JSON-encoded). */
  send(message) {
    this.writeRaw(encodeFrame(OP.text, typeof message === 'string' ? message : JSON.stringify(message)));
  }

  /**
   * Resolves with the first frame (from index `from`, default 0) matching
   * `pred`, or rejects after `timeoutMs` listing what did arrive.
   */
  waitFor(pred, { timeoutMs = 3000, from = 0, what = 'a matching frame' } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < this.frames.length; i++) {
          if (pred(this.frames[i])) {
            done();
            resolve(this.frames[i]);
            return true;
          }
        }
        if (this.closed) {
          done();
          reject(new Error(`websocket closed (${JSON.stringify(this.closed)}) before ${what}; frames: ${this.describe()}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms; frames: ${this.describe()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      if (!check()) this.waiters.add(check);
    });
  }

  describe() {
    return JSON.stringify(this.frames.map((f) => f.type + (f.message ? `#${f.message.id}:${f.message.delivery_state}` : '')));
  }

  /** Sends a close frame and ends the socket; never throws. */
  close(code = 1000) {
    if (this.socket.destroyed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    this.writeRaw(encodeFrame(OP.close, payload));
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 200).unref();
  }
}
