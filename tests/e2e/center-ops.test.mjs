// The center's day-to-day work in a real browser (Debian's Chromium, driven by playwright-core),
// the same features tests/integration/center-ops.test.mjs checks through the API:
//   - the 定型文 menu and Alt+1..9 put a template's body into the composer, never send it;
//   - the reply nudge after `reply_nudge_minutes` (the browser's clock moved with page.clock);
//   - the supervisors' ダッシュボード: the staffing alert, the queue, each one's load;
//   - the admins' 定型文の管理: a new version, the history newest first, the server's reasons;
//   - a conversation the system closed (idle) shows 記録が未入力 until 記録を書く is done
//     (the server's manual test clock, moved by an admin through the API).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, STAFF, conversationWithText, sleep, stackFor, waitFor } from '../integration/lib/harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const STATIC_DIR = join(REPO, 'web', 'dist');
const SECOND = 1000;

// One browser for the file; each console gets its own context (its own cookies).
let browserPromise = null;
function browser() {
  browserPromise ??= chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  return browserPromise;
}
after(async () => {
  if (browserPromise) await (await browserPromise).close();
});

function checkPrerequisites() {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  assert.ok(existsSync(join(STATIC_DIR, 'index.html')), 'web/dist is missing: run npm run build:web');
}

/**
 * A fresh page in its own context; a screenshot lands in the stack's dir if the test fails.
 * `before(page)` runs before the console loads (e.g. page.clock.install).
 */
async function newPage(t, stack, name, before) {
  const context = await (await browser()).newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  t.after(async () => {
    if (t.passed === false) await page.screenshot({ path: join(stack.dir, `e2e-center-ops-${name}-failure.png`) });
  });
  if (before) await before(page);
  return page;
}

/** Opens the console and logs in as `login`; waits until the stream is open. */
async function openConsole(t, stack, login, name = login, before) {
  const page = await newPage(t, stack, name, before);
  await page.goto(stack.tsunaguUrl + '/');
  await page.getByTestId('login-id').fill(STAFF[login].login);
  await page.getByTestId('login-password').fill(STAFF[login].password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('conversation-list').waitFor({ state: 'attached' });
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor();
  return page;
}

/** A person writes; the counselor takes the conversation with 「次の相談を受ける」. Returns its id. */
async function takeNextInBrowser(page, stack, userIndex, text) {
  assert.equal((await stack.emu.send(await stack.emu.userId(userIndex), text)).webhookStatus, 200);
  await page.getByTestId('conversation-row').first().waitFor({ timeout: 3000 });
  await page.getByTestId('take-next').click();
  await page.getByTestId('reply-input').waitFor({ timeout: 3000 });
  await page.locator('[data-testid="conversation-view"][data-status="active"]').waitFor({ timeout: 3000 });
  return Number(await page.getByTestId('conversation-view').getAttribute('data-conversation-id'));
}

async function phoneShows(emu, userId, text, timeoutMs = 5000) {
  return waitFor(async () => (await emu.inboxTexts(userId)).find((m) => (m ?? '').includes(text)), timeoutMs, {
    what: `the phone showing ${JSON.stringify(text)}`,
  });
}

/** Staff messages of the conversation, through the API. */
async function staffMessages(client, id) {
  return (await client.messages(id)).messages.filter((m) => m.sender_kind === 'staff');
}

test('templates: the 定型文 menu and Alt+2 fill the composer without sending; send delivers', async (t) => {
  checkPrerequisites();
  const stack = await stackFor(t, { server: { static_dir: STATIC_DIR } });
  const api = await stack.login('counselor1');
  const userId = await stack.emu.userId(0);
  const page = await openConsole(t, stack, 'counselor1');

  const id = await takeNextInBrowser(page, stack, 0, '相談したいことがあります');
  const rendered = await api.get(`/api/v1/conversations/${id}/templates`);
  assert.equal(rendered.status, 200, rendered.text);
  const body = (key) => rendered.json.templates.find((x) => x.key === key).body;
  assert.match(body('greeting'), /相談員 佐藤/, 'rendered for this counselor');

  // The menu lists the conversation's templates by shortcut, with their keys.
  const button = page.getByTestId('template-menu-button');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  await button.click();
  const menu = page.getByTestId('template-menu');
  await menu.waitFor({ timeout: 3000 });
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const items = menu.getByTestId('template-item');
  await items.first().waitFor();
  assert.deepEqual(
    await items.evaluateAll((els) => els.map((el) => [el.dataset.templateKey, el.dataset.shortcut])),
    [
      ['greeting', '1'],
      ['please_wait', '2'],
      ['closing', '3'],
      ['out_of_hours', '4'],
      ['emergency', '5'],
    ],
  );
  assert.equal(await menu.getByRole('menuitem').count(), 5);

  // Choosing one puts its body into the composer; the menu closes; nothing is sent.
  await menu.locator('[data-template-key="greeting"]').click();
  await menu.waitFor({ state: 'detached' });
  const input = page.getByTestId('reply-input');
  assert.equal(await input.inputValue(), body('greeting'));

  // Alt+2 (while the composer has focus) puts 「少々お待ちください」 there instead.
  await input.fill('');
  await input.focus();
  await page.keyboard.press('Alt+2');
  await waitFor(async () => (await input.inputValue()) === body('please_wait'), 3000, {
    what: 'the please_wait body in the composer',
  });
  // Not sent: nothing on the phone, no staff message on the server, nothing in the timeline.
  await sleep(500);
  assert.ok(!(await stack.emu.inboxTexts(userId)).includes(body('please_wait')), 'not on the phone yet');
  assert.deepEqual(await staffMessages(api, id), []);
  assert.equal(await page.locator('[data-testid="message"][data-sender-kind="staff"]').count(), 0);

  // Sending delivers exactly that body.
  await page.getByTestId('reply-send').click();
  await phoneShows(stack.emu, userId, body('please_wait'));
  assert.equal((await stack.emu.inboxTexts(userId)).at(-1), body('please_wait'));
  await waitFor(async () => (await input.inputValue()) === '', 3000, { what: 'the composer to empty' });
  const sent = await staffMessages(api, id);
  assert.deepEqual(
    sent.map((m) => m.text),
    [body('please_wait')],
  );
});

test('reply nudge: after reply_nudge_minutes the banner offers 「少々お待ちください」', async (t) => {
  checkPrerequisites();
  const stack = await stackFor(t, {
    server: { static_dir: STATIC_DIR },
    sections: { nudges: { reply_nudge_minutes: 1 } },
  });
  const api = await stack.login('counselor1');
  const userId = await stack.emu.userId(0);
  // The nudge compares `awaiting_reply_since` (the server's real time of the person's message)
  // with the browser's clock: a fake clock, running from the real time now, can be moved ahead.
  const page = await openConsole(t, stack, 'counselor1', 'nudge', (p) => p.clock.install());
  assert.equal((await api.get('/api/v1/me')).json.settings.reply_nudge_minutes, 1);

  const id = await takeNextInBrowser(page, stack, 0, '返事を待っています');
  const row = page.locator(`[data-testid="conversation-row"][data-conversation-id="${id}"]`);
  await row.waitFor({ timeout: 3000 });
  const since = (await api.conversations('mine')).find((c) => c.id === id).awaiting_reply_since;
  assert.ok(since, 'the person waits for a reply');

  // The console checks the time every 15 s (the pane) and 30 s (the list), counted from when it
  // was opened, a moment before the person wrote. runFor fires each timer at its own time, as if
  // that time had passed: not yet at 16 s, nor at 46 s...
  await page.clock.runFor(16 * SECOND);
  assert.equal(await page.getByTestId('reply-nudge').count(), 0, 'no nudge at 16 s');
  await page.clock.runFor(30 * SECOND);
  await sleep(200);
  assert.equal(await page.getByTestId('reply-nudge').count(), 0, 'no nudge at 46 s');
  assert.equal(await row.getAttribute('data-nudge'), 'false');

  // ...but at 76 s the pane has checked at least once past the minute,
  await page.clock.runFor(30 * SECOND);
  const nudge = page.getByTestId('reply-nudge');
  await nudge.waitFor({ timeout: 3000 });
  assert.match(await nudge.innerText(), /相談者が1分以上返信を待っています/);
  // and at 106 s so has the list.
  await page.clock.runFor(30 * SECOND);
  await waitFor(async () => (await row.getAttribute('data-nudge')) === 'true', 3000, { what: 'the row marked' });
  assert.equal(await row.getByTestId('nudge-marker').innerText(), '返信待ち');

  // The button puts the please_wait body into the composer; nothing is sent by it.
  const rendered = await api.get(`/api/v1/conversations/${id}/templates`);
  const pleaseWait = rendered.json.templates.find((x) => x.key === 'please_wait').body;
  await page.getByTestId('reply-nudge-insert').click();
  const input = page.getByTestId('reply-input');
  await waitFor(async () => (await input.inputValue()) === pleaseWait, 3000, { what: 'the body in the composer' });
  await sleep(300);
  assert.deepEqual(await staffMessages(api, id), [], 'inserting sends nothing');

  // Sending it answers the person: the wait is over and the nudge goes.
  await page.getByTestId('reply-send').click();
  await phoneShows(stack.emu, userId, pleaseWait);
  await nudge.waitFor({ state: 'detached', timeout: 5000 });
  await waitFor(async () => (await row.getAttribute('data-nudge')) === 'false', 3000, { what: 'the row unmarked' });
  assert.equal((await api.conversations('mine')).find((c) => c.id === id).awaiting_reply_since, null);
});

test('dashboard: the ratio alert, the queue and each counselor’s load', async (t) => {
  checkPrerequisites();
  const stack = await stackFor(t, {
    staff: ['counselor1', 'counselor2', 'supervisor1'],
    server: { static_dir: STATIC_DIR },
    sections: { dashboard: { counselors_per_supervisor_max: 1 } },
  });
  const [c1, c2, sv] = [
    await stack.login('counselor1'),
    await stack.login('counselor2'),
    await stack.login('supervisor1'),
  ];

  // counselor1 works in the console (which reports 受付中) and takes one of two people waiting.
  const counselorPage = await openConsole(t, stack, 'counselor1');
  await takeNextInBrowser(counselorPage, stack, 0, '一人目です');
  assert.equal((await stack.emu.send(await stack.emu.userId(1), '二人目です')).webhookStatus, 200);
  await conversationWithText(sv, '二人目です');
  // counselor2 is on duty through the API; the supervisor's console reports the supervisor.
  assert.equal((await c2.post('/api/v1/presence', { status: 'online' })).status, 204);

  const page = await openConsole(t, stack, 'supervisor1');
  assert.equal(await page.getByTestId('page-templates').count(), 0, 'templates are the admins’');
  await page.getByTestId('page-dashboard').click();
  const dashboard = page.getByTestId('dashboard');
  await dashboard.waitFor({ timeout: 3000 });
  assert.equal(await page.getByTestId('page-dashboard').getAttribute('aria-current'), 'page');
  // The supervisor's heartbeat may land after the first load: refresh until all three are online.
  const staffRow = (id) => dashboard.locator(`[data-testid="dashboard-staff-row"][data-staff-id="${id}"]`);
  await waitFor(
    async () => {
      await page.getByTestId('dashboard-refresh').click();
      await sleep(200);
      for (const who of [c1, c2, sv]) if ((await staffRow(who.staff.id).getAttribute('data-presence')) !== 'online') return false;
      return true;
    },
    5000,
    { what: 'counselor1, counselor2 and supervisor1 online on the dashboard' },
  );

  // Two counselors for one supervisor, above the limit of 1:1.
  const alert = dashboard.getByRole('alert');
  await alert.waitFor({ timeout: 3000 });
  assert.equal(await alert.count(), 1);
  assert.equal(await alert.getAttribute('data-code'), 'ratio_exceeded');
  assert.match(await alert.innerText(), /相談員とスーパーバイザーの比率が 2:1 で、上限 1:1 を超えています/);
  assert.doesNotMatch(await alert.innerText(), /counselors per supervisor/, 'only the Japanese half');
  assert.equal(await dashboard.getByTestId('dashboard-no-alerts').count(), 0);

  // The queue: one waiting, one being answered.
  const program = dashboard.locator('[data-testid="dashboard-program"][data-program="center"]');
  assert.equal(await program.getAttribute('data-queue-length'), '1');
  assert.equal(await program.getByTestId('dashboard-queue').innerText(), '1人');
  assert.equal(await program.getByTestId('dashboard-active').innerText(), '1件');

  // Each one's load: counselor1 has 1 of 2, counselor2 none, the supervisor has no limit.
  assert.equal(await staffRow(c1.staff.id).getByTestId('dashboard-load').innerText(), '1 / 2');
  assert.equal(await staffRow(c2.staff.id).getByTestId('dashboard-load').innerText(), '0 / 2');
  assert.equal(await staffRow(sv.staff.id).getByTestId('dashboard-load').innerText(), '0 / 制限なし');
  assert.match(await staffRow(c1.staff.id).innerText(), /相談員 佐藤/);

  // counselor1 switches to 離席 in their console: shown as away, still counted (at the console).
  await counselorPage.getByTestId('presence-away').click();
  assert.equal(await counselorPage.getByTestId('presence-toggle').getAttribute('data-status'), 'away');
  assert.equal(await counselorPage.getByTestId('presence-away').getAttribute('aria-pressed'), 'true');
  await waitFor(
    async () => {
      await page.getByTestId('dashboard-refresh').click();
      await sleep(200);
      return (await staffRow(c1.staff.id).getAttribute('data-presence')) === 'away';
    },
    5000,
    { what: 'counselor1 away on the dashboard' },
  );
  assert.equal(await dashboard.getByRole('alert').getAttribute('data-code'), 'ratio_exceeded');
  assert.equal(await staffRow(c1.staff.id).getByTestId('dashboard-load').innerText(), '1 / 2', 'still theirs');

  // counselor1 logs out: offline at once, one counselor per supervisor, no alert.
  await counselorPage.getByTestId('logout').click();
  await counselorPage.getByTestId('login-id').waitFor({ timeout: 5000 });
  await page.getByTestId('dashboard-refresh').click();
  await dashboard.getByTestId('dashboard-no-alerts').waitFor({ timeout: 5000 });
  assert.equal(await dashboard.getByRole('alert').count(), 0);
  assert.equal(await staffRow(c1.staff.id).getAttribute('data-presence'), 'offline');
});

test('定型文の管理: an admin saves a new version; an unknown variable shows the server’s reason', async (t) => {
  checkPrerequisites();
  const stack = await stackFor(t, { staff: ['counselor1', 'admin1'], server: { static_dir: STATIC_DIR } });
  const admin = await stack.login('admin1');
  const page = await openConsole(t, stack, 'admin1');

  await page.getByTestId('page-templates').click();
  const templatesPage = page.getByTestId('templates-page');
  await templatesPage.waitFor({ timeout: 3000 });
  const item = templatesPage.locator('[data-testid="template-index-item"][data-template-id="center/greeting"]');
  await item.click();
  assert.equal(await item.getAttribute('aria-current'), 'true');
  const editor = templatesPage.locator('[data-testid="template-editor"][data-template-key="greeting"]');
  await editor.waitFor({ timeout: 3000 });
  const history = templatesPage.getByTestId('template-history');
  const versions = history.getByTestId('template-version');
  await versions.first().waitFor({ timeout: 3000 });
  assert.deepEqual(await versions.evaluateAll((els) => els.map((el) => el.dataset.version)), ['1']);
  assert.equal(await versions.first().getByTestId('template-version-by').innerText(), '初期値');
  const variables = await editor.getByTestId('template-variable').evaluateAll((els) => els.map((el) => el.dataset.variable));
  assert.ok(variables.includes('counselor_name'), `counselor_name is allowed: ${variables}`);

  // A new body: saved as version 2, first in the history, by admin1.
  const newBody = '{{counselor_name}}です。ゆっくりで大丈夫です。';
  const bodyInput = editor.getByTestId('template-body');
  await bodyInput.fill(newBody);
  await editor.getByTestId('template-save').click();
  const saved = editor.getByTestId('template-saved');
  await saved.waitFor({ timeout: 3000 });
  assert.equal(await saved.getAttribute('data-new-version'), 'true');
  assert.equal(await saved.innerText(), '版2 として保存しました。');
  await waitFor(
    async () => (await versions.evaluateAll((els) => els.map((el) => el.dataset.version))).join() === '2,1',
    3000,
    { what: 'the history to read 2, 1' },
  );
  assert.equal(await versions.first().getByTestId('template-version-by').innerText(), 'admin1');
  assert.match(await item.innerText(), /v2/);
  assert.equal(await editor.getByTestId('template-save').isDisabled(), true, 'nothing changed since');
  const stored = await admin.get('/api/v1/admin/templates/center/greeting');
  assert.deepEqual(
    stored.json.templates.map((v) => [v.version, v.body]),
    [
      [2, newBody],
      [1, stored.json.templates[1].body],
    ],
  );

  // An unknown variable: the editor warns, and a save shows the server's own reason.
  const badBody = '{{client_name}} さん、こんにちは';
  await bodyInput.fill(badBody);
  const problem = editor.getByTestId('template-problem');
  await problem.waitFor({ timeout: 3000 });
  assert.equal(await problem.getAttribute('data-problem'), 'unknown_variables');
  assert.match(await problem.innerText(), /\{\{client_name\}\}/);
  await editor.getByTestId('template-save').click();
  const error = editor.getByTestId('template-save-error');
  await error.waitFor({ timeout: 3000 });
  assert.equal(await error.getAttribute('role'), 'alert');
  // What the server says to the same body (a refused save changes nothing), its Japanese half.
  const refused = await admin.post('/api/v1/admin/templates/center/greeting', { body: badBody });
  assert.equal(refused.status, 400, refused.text);
  const reasons = refused.json.error.reasons.map((r) => r.split(' / ')[0].trim());
  assert.ok(reasons.length > 0 && reasons[0].includes('{{client_name}}'), JSON.stringify(reasons));
  assert.deepEqual(await error.locator('li').allInnerTexts(), reasons);
  assert.match(await error.innerText(), /保存できませんでした/);
  assert.equal(await editor.getByTestId('template-saved').count(), 0);
  // Still version 2.
  assert.equal(
    (await admin.get('/api/v1/admin/templates/center/greeting')).json.templates.length,
    2,
    'no version for a refused body',
  );
  assert.deepEqual(await versions.evaluateAll((els) => els.map((el) => el.dataset.version)), ['2', '1']);
});

test('late wrap-up: a conversation closed for silence shows 記録が未入力 until 記録を書く is done', async (t) => {
  checkPrerequisites();
  const stack = await stackFor(t, {
    staff: ['counselor1', 'admin1'],
    server: { static_dir: STATIC_DIR },
    sections: {
      testing: { manual_clock: true, clock_start: '2026-12-01T18:00:00+09:00' },
      nudges: { idle_checkin_minutes: 1, idle_close_minutes: 1 },
    },
  });
  const admin = await stack.login('admin1');
  const counselor = await stack.login('counselor1');
  const clock = async (body) => {
    const res = await admin.post('/api/v1/testing/clock', body);
    assert.equal(res.status, 200, res.text);
    return res.json.now;
  };
  const userId = await stack.emu.userId(0);
  const page = await openConsole(t, stack, 'counselor1');

  const id = await takeNextInBrowser(page, stack, 0, '話を聞いてほしいです');
  await page.getByTestId('reply-input').fill('こんばんは、聞かせてください。');
  await page.getByTestId('reply-send').click();
  await phoneShows(stack.emu, userId, 'こんばんは、聞かせてください。');

  // A minute of silence: the check-in; another: the system closes it.
  await clock({ advance_ms: 61 * SECOND });
  await phoneShows(stack.emu, userId, 'まだお話を続けますか');
  await clock({ advance_ms: 61 * SECOND });
  await phoneShows(stack.emu, userId, '今回の相談はいったん終了します');
  const closed = await waitFor(
    async () => (await counselor.conversations('mine')).find((c) => c.id === id && c.status === 'closed'),
    3000,
    { what: 'the idle close in the API’s "mine"' },
  );
  assert.equal(closed.wrap_up_pending, true);

  // The open conversation: closed, by silence, 記録が未入力, with 記録を書く (and no close button).
  const view = page.locator(`[data-testid="conversation-view"][data-conversation-id="${id}"]`);
  await view.and(page.locator('[data-status="closed"]')).waitFor({ timeout: 5000 });
  await view.getByTestId('wrapup-pending-badge').waitFor({ timeout: 3000 });
  assert.equal(await view.getByTestId('wrapup-pending-badge').innerText(), '記録が未入力');
  assert.equal(await view.getByTestId('end-reason').getAttribute('data-end-reason'), 'idle');
  assert.equal(await view.getByTestId('end-reason').innerText(), '無応答で自動終了');
  assert.equal(await view.getByTestId('close-button').count(), 0);

  // The list of mine keeps it, marked, until the wrap-up is written.
  await page.getByTestId('tab-mine').click();
  const row = page.locator(`[data-testid="conversation-row"][data-conversation-id="${id}"]`);
  await row.waitFor({ timeout: 3000 });
  assert.equal(await row.getAttribute('data-status'), 'closed');
  assert.equal(await row.getAttribute('data-wrapup-pending'), 'true');
  assert.equal(await row.getByTestId('wrapup-pending-badge').innerText(), '記録が未入力');
  // Still there after a reload of the page (the list as the server gives it).
  await page.reload();
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor();
  await page.getByTestId('tab-mine').click();
  await row.waitFor({ timeout: 3000 });
  assert.equal(await row.getAttribute('data-wrapup-pending'), 'true');
  await row.click();
  await view.getByTestId('late-wrapup-button').waitFor({ timeout: 3000 });

  // 記録を書く: the late dialog; an incomplete one is refused with the server's reasons.
  await view.getByTestId('late-wrapup-button').click();
  const dialog = page.locator('[data-testid="wrapup-dialog"][data-mode="late"]');
  await dialog.getByTestId('wrapup-topic-family').waitFor({ timeout: 3000 });
  assert.match(await dialog.innerText(), /無応答で自動終了/);
  await dialog.getByTestId('wrapup-topic-family').check();
  await dialog.getByTestId('wrapup-submit').click();
  const reasons = dialog.getByTestId('wrapup-reasons');
  await reasons.waitFor({ timeout: 3000 });
  assert.match(await reasons.innerText(), /対応結果を選んでください/);
  assert.equal(await row.getAttribute('data-wrapup-pending'), 'true');

  await dialog.getByTestId('wrapup-outcome-ended').check();
  await dialog.getByTestId('wrapup-summary').fill('返信がなく自動終了。');
  await dialog.getByTestId('wrapup-submit').click();
  await dialog.waitFor({ state: 'hidden', timeout: 5000 });

  // The badge is gone, the button too; the wrap-up is shown and stored.
  await view.getByTestId('wrapup-pending-badge').waitFor({ state: 'detached', timeout: 5000 });
  assert.equal(await view.getByTestId('late-wrapup-button').count(), 0);
  await view.getByTestId('wrapup-view').waitFor({ timeout: 5000 });
  assert.equal(await view.getByTestId('wrapup-view-summary').innerText(), '返信がなく自動終了。');
  await row.waitFor({ state: 'detached', timeout: 5000 });
  const stored = await counselor.get(`/api/v1/conversations/${id}/wrap-up`);
  assert.equal(stored.status, 200, stored.text);
  assert.deepEqual(stored.json.wrap_up.topics, ['family']);
  assert.equal(stored.json.wrap_up.outcome, 'ended');
  assert.ok(!(await counselor.conversations('mine')).some((c) => c.id === id), 'out of the API’s "mine"');
});
