// The audit log through the real binary: logins, views and searches leave records, the search and
// the CSV export answer auditors and admins only (and are audited themselves), and
// `tsunagu audit verify` passes an untouched log and names the record someone edited in the
// SQLite file behind the server's back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useSuiteStack, runBin, conversationWithText } from './lib/harness.mjs';

function sqlite3(dbPath, sql) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', dbPath, sql], { encoding: 'utf8' });
}

describe('audit log', () => {
  let stack;
  let counselor;
  let auditor;
  let admin;
  let conversationId;
  useSuiteStack({ staff: ['counselor1', 'admin1', 'auditor1'] }, async (s) => {
    stack = s;
    counselor = await stack.login('counselor1');
    auditor = await stack.login('auditor1');
    admin = await stack.login('admin1');
    const userId = await stack.emu.userId(0);
    assert.equal((await stack.emu.send(userId, '監査のテスト')).webhookStatus, 200);
    conversationId = (await conversationWithText(counselor, '監査のテスト')).id;
  });

  it('an auditor searches the log newest first, with hashes, and the search is recorded', async () => {
    const res = await auditor.get('/api/v1/audit?limit=50');
    assert.equal(res.status, 200, res.text);
    const records = res.json.records;
    assert.ok(records.length > 0);
    const ids = records.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    for (const r of records) assert.match(r.hash, /^[0-9a-f]{64}$/);
    const actions = records.map((r) => r.action);
    assert.ok(actions.includes('login'), actions.join());
    assert.ok(actions.includes('conversation.view'), actions.join());
    const views = await auditor.get(`/api/v1/audit?action=conversation.view&target_type=conversation&target_id=${conversationId}`);
    assert.equal(views.status, 200, views.text);
    assert.ok(views.json.records.length >= 1);
    assert.ok(views.json.records.every((r) => r.action === 'conversation.view' && r.target_id === String(conversationId)));
    const searches = await auditor.get(`/api/v1/audit?action=audit.search&actor=${auditor.staff.id}`);
    assert.equal(searches.status, 200, searches.text);
    assert.ok(searches.json.records.length >= 2, 'the earlier searches are in the log');
  });

  it('pages with before_id', async () => {
    const first = await admin.get('/api/v1/audit?limit=2');
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.records.length, 2);
    assert.equal(first.json.next_before_id, first.json.records[1].id);
    const next = await admin.get(`/api/v1/audit?limit=2&before_id=${first.json.next_before_id}`);
    assert.equal(next.status, 200, next.text);
    assert.ok(next.json.records.every((r) => r.id < first.json.next_before_id));
  });

  it('the export is a CSV attachment with a BOM, a header row and quoting, and is recorded', async () => {
    const res = await auditor.get('/api/v1/audit/export?action=login');
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="tsunagu-audit-.*\.csv"$/);
    const raw = Buffer.from(await (await fetch(`${stack.tsunaguUrl}/api/v1/audit/export?action=login`, {
      headers: { cookie: auditor.cookie },
    })).arrayBuffer());
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = raw.subarray(3).toString('utf8').split('\r\n');
    assert.equal(lines[0], 'id,at,actor_staff_id,action,target_type,target_id,detail,prev_hash,hash');
    assert.ok(lines.slice(1).filter(Boolean).every((l) => l.split(',')[3] === 'login'));
    const exports = await auditor.get('/api/v1/audit?action=audit.export');
    assert.ok(exports.json.records.length >= 2);
    assert.match(exports.json.records[0].detail, /action=login rows=\d+/);
  });

  it('a counselor gets 403 on the audit routes', async () => {
    for (const path of ['/api/v1/audit', '/api/v1/audit/export']) {
      const res = await counselor.get(path);
      assert.equal(res.status, 403, `${path}: ${res.text}`);
      assert.equal(res.json?.error?.code, 'permission_denied');
    }
  });

  it('bad filters → 400', async () => {
    for (const q of ['from=yesterday', 'actor=abc', 'limit=0', 'limit=100000', 'before_id=-1']) {
      const res = await auditor.get(`/api/v1/audit?${q}`);
      assert.equal(res.status, 400, `${q}: ${res.text}`);
    }
  });

  it('audit verify passes the log as written, then names the record edited in the file', async () => {
    const ok = await runBin(['audit', 'verify', '--config', stack.configPath]);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /intact: \d+ records/);

    const db = join(stack.dir, 't.db');
    const target = Number(sqlite3(db, "SELECT min(id) FROM audit_log WHERE action = 'login'").trim());
    assert.ok(target > 0);
    // Someone with the file drops the append-only trigger and edits a record.
    sqlite3(db, `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'edited' WHERE id = ${target};`);
    const broken = await runBin(['audit', 'verify', '--config', stack.configPath]);
    assert.equal(broken.code, 1, broken.stderr + broken.stdout);
    assert.match(broken.stdout, new RegExp(`BROKEN at record ${target}: hash_mismatch`));
  });
});
