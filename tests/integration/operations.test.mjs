// Operations endpoints and the stream's own protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor } from './lib/harness.mjs';

test('/healthz is 200 and /metrics is Prometheus text', async (t) => {
  const stack = await stackFor(t, { staff: [] });
  const health = await stack.http('GET', '/healthz');
  assert.equal(health.status, 200);
  assert.deepEqual(health.json, { status: 'ok' });

  // Produce some traffic so counters have something to count.
  const userId = await stack.emu.userId(0);
  assert.equal((await stack.emu.send(userId, 'メトリクス')).webhookStatus, 200);
  const metrics = await stack.http('GET', '/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
  const lines = metrics.text.split('\n').filter((l) => l !== '');
  assert.ok(
    lines.some((l) => /^# TYPE \w+ (counter|gauge|histogram|summary|untyped)$/.test(l)),
    `has # TYPE lines; the body was ${JSON.stringify(metrics.text.slice(0, 300))}`,
  );
  for (const l of lines) {
    if (l.startsWith('#')) {
      assert.match(l, /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* /, `comment line: ${l}`);
    } else {
      assert.match(l, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+]?([0-9.e+-]+|NaN|Inf|\+Inf|-Inf)( \d+)?$/, `sample line: ${l}`);
    }
  }
  // The text must not carry a child's words.
  assert.ok(!metrics.text.includes('メトリクス'));
});

test('the stream answers {"type":"ping"} with {"type":"pong"}', async (t) => {
  const stack = await stackFor(t);
  const counselor = await stack.login('counselor1');
  const ws = await counselor.stream();
  const hello = ws.frames[0];
  assert.deepEqual(hello, { type: 'hello', staff_id: counselor.staff.id });
  ws.send({ type: 'ping' });
  await ws.waitFor((f) => f.type === 'pong', { timeoutMs: 1000, what: 'pong' });
});

test('security headers on every answer; HSTS only behind HTTPS (cookie_secure)', async (t) => {
  const plain = await stackFor(t, { staff: [] });
  for (const path of ['/healthz', '/api/v1/me', '/']) {
    const res = await plain.http('GET', path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    assert.equal(res.headers.get('strict-transport-security'), null, `${path}: not over plain HTTP`);
  }
  const secure = await stackFor(t, { staff: [], security: { cookie_secure: true } });
  for (const path of ['/healthz', '/api/v1/me']) {
    const res = await secure.http('GET', path);
    assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains', path);
  }
});
