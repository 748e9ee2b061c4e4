// The chatbot in a real browser (Debian's Chromium, driven by playwright-core; docs/scenarios.md):
// a LINE user goes through the center's intake with buttons while a supervisor watches. The
// supervisor sees the conversation marked as with the bot in 「すべて」 (not in the queue), then,
// after the hand-over, in the queue with the intake answers in words, the bot's buttons as chips
// and the user's button answers as choices. An admin reloads the scenarios and sees the version
// (and, for a broken file, its errors); a counselor and a supervisor get no reload button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, STAFF, stackFor, waitFor } from '../integration/lib/harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const STATIC_DIR = join(REPO, 'web', 'dist');
const CENTER = join(REPO, 'data', 'scenarios', 'center.json');
const HOURS = '火〜金 16:00〜20:00、土 13:00〜17:00';

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function consolePage(t, browser, stack, staff) {
  const context = await browser.newContext(); // separate cookies per staff member
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => {
    if (t.passed === false) await page.screenshot({ path: join(stack.dir, `e2e-scenario-${staff.login}.png`) });
  });
  await page.goto(stack.tsunaguUrl + '/');
  await page.getByTestId('login-id').fill(staff.login);
  await page.getByTestId('login-password').fill(staff.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('conversation-list').waitFor({ state: 'attached' });
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor();
  return { page, errors };
}

/** Waits until the user's chat shows a message from the account containing `text`. */
async function botSaid(emu, userId, text) {
  return waitFor(async () => (await emu.inbox(userId)).find((m) => (m.message.text ?? '').includes(text)), 3000, {
    what: `the bot saying "${text}"`,
  });
}

test('a supervisor sees the chatbot intake; an admin reloads the scenarios', async (t) => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  assert.ok(existsSync(join(STATIC_DIR, 'index.html')), 'web/dist is missing: run make build');
  // A copy of the center's scenario, so that the reload can also meet a broken file.
  const source = readFileSync(CENTER, 'utf8');
  const scenarioDir = mkdtempSync(join(tmpdir(), 'tsunagu-e2e-scenario-'));
  t.after(() => rmSync(scenarioDir, { recursive: true, force: true }));
  const SCENARIO = join(scenarioDir, 'center.json');
  writeFileSync(SCENARIO, source);
  // The integration harness writes `program` into [programs.center] (scenario, hours_text).
  const stack = await stackFor(t, {
    staff: ['counselor1', 'supervisor1', 'admin1'],
    server: { static_dir: STATIC_DIR },
    program: { scenario: SCENARIO, hours_text: HOURS },
  });
  const supervisorApi = await stack.login('supervisor1');
  const emu = stack.emu;
  const user = await emu.userId(0);

  const browser = await launch();
  t.after(() => browser.close());
  const sv = await consolePage(t, browser, stack, STAFF.supervisor1);

  // --- The user follows: the bot greets and asks for consent; not in the queue yet -----------
  assert.equal((await emu.follow(user)).webhookStatus, 200);
  await botSaid(emu, user, '利用のきまり');
  const started = await waitFor(async () => (await supervisorApi.conversations('all'))[0], 3000, {
    what: 'the conversation in view=all',
  });
  assert.equal(started.bot_status, 'running');
  const id = started.id;
  const rowSelector = `[data-testid="conversation-row"][data-conversation-id="${id}"]`;

  await sv.page.getByTestId('tab-all').click();
  const allRow = sv.page.locator(`[data-testid="conversation-list"][data-view="all"] ${rowSelector}`);
  await allRow.waitFor({ timeout: 3000 });
  assert.equal(await allRow.getAttribute('data-bot-status'), 'running');
  const marker = allRow.getByTestId('bot-marker');
  await marker.waitFor();
  assert.equal((await marker.textContent()).trim(), 'ボット受付中');

  // Not in the queue while the bot talks.
  await sv.page.getByTestId('tab-waiting').click();
  await sv.page.locator('[data-testid="conversation-list"][data-view="waiting"]').waitFor({ state: 'attached' });
  assert.equal(await sv.page.locator(rowSelector).count(), 0, 'not in 未対応 while with the bot');

  // Open it from 「すべて」: the header says the bot has it.
  await sv.page.getByTestId('tab-all').click();
  await allRow.click();
  const view = sv.page.locator(`[data-testid="conversation-view"][data-conversation-id="${id}"]`);
  await view.waitFor({ timeout: 3000 });
  const botBadge = view.locator('[data-testid="bot-status-badge"][data-bot-status="running"]');
  await botBadge.waitFor({ timeout: 3000 });
  assert.equal((await botBadge.textContent()).trim(), 'ボット受付中');

  // The consent question's buttons are chips under the bot's bubble, labelled 選択肢.
  const terms = view.locator('[data-testid="message"][data-sender-kind="bot"]', { hasText: '利用のきまり' });
  await terms.waitFor({ timeout: 3000 });
  const choices = terms.getByRole('list', { name: '選択肢' });
  await choices.waitFor();
  assert.deepEqual(await choices.getByTestId('quick-reply').allTextContents(), ['同意する', '同意しない']);
  assert.equal(await choices.locator('button').count(), 0, 'the chips cannot be pressed');

  // --- The intake, answered with buttons (and one typed label) --------------------------------
  await emu.tap(user, '同意する');
  await botSaid(emu, user, '相談員につなぐ前に');
  await emu.tap(user, '質問に答える');
  await botSaid(emu, user, '何年生');
  await emu.tap(user, '高校生');
  await botSaid(emu, user, '性別');
  await emu.tap(user, '答えない');
  await botSaid(emu, user, '住んでいるところ');
  await emu.send(user, '名古屋市内');
  await botSaid(emu, user, 'どんなことの相談');
  await emu.tap(user, '家族');
  await botSaid(emu, user, '相談員につなぎます');

  const queued = await waitFor(
    async () => (await supervisorApi.conversations('waiting')).find((c) => c.id === id),
    3000,
    { what: 'the conversation in the queue' },
  );
  assert.equal(queued.bot_status, 'handed_over');
  assert.equal(queued.intake.age_band, 'high_school');

  // The open conversation follows live: no bot badge any more, the answers in words.
  await botBadge.waitFor({ state: 'detached', timeout: 3000 });
  const intake = view.getByTestId('intake');
  await intake.waitFor({ timeout: 3000 });
  assert.ok((await intake.textContent()).includes('受付の回答'), 'the list has its heading');
  await view.locator('[data-testid="intake-item"][data-key="topic"]').waitFor({ timeout: 3000 });
  const items = await intake.getByTestId('intake-item').evaluateAll((els) =>
    els.map((el) => [el.querySelector('dt').textContent, el.querySelector('dd').textContent]),
  );
  assert.deepEqual(items, [
    ['利用のきまり', '同意'],
    ['質問', '答えた'],
    ['年代', '高校生'],
    ['性別', '答えない'],
    ['地域', '名古屋市内'],
    ['相談の種類', '家族'],
  ]);

  // The user's taps read as choices, not as bot:<node>:<value> data.
  const { messages } = await supervisorApi.messages(id);
  const ageTap = messages.find((m) => m.content_kind === 'postback' && m.text.endsWith(':high_school'));
  assert.ok(ageTap, `the age tap is stored as a postback: ${JSON.stringify(messages.map((m) => m.text))}`);
  const ageAnswer = view.locator(`[data-testid="message"][data-message-id="${ageTap.id}"] [data-testid="choice-answer"]`);
  await ageAnswer.waitFor({ timeout: 3000 });
  assert.equal(await ageAnswer.getAttribute('data-value'), 'high_school');
  assert.equal((await ageAnswer.getByTestId('choice-answer-value').textContent()).trim(), '高校生');
  assert.ok((await ageAnswer.textContent()).includes('ボタンで回答'), 'labelled as a button answer');
  const timelineText = await view.locator('ol.messages').innerText();
  assert.ok(!timelineText.includes('bot:'), `no raw postback data on screen: ${timelineText}`);
  // The age question's eight buttons are shown under it.
  const ageQuestion = view.locator('[data-testid="message"][data-sender-kind="bot"]', { hasText: '何年生' });
  assert.equal(await ageQuestion.getByTestId('quick-reply').count(), 8);

  // The row is in the queue now, without the bot marker.
  await sv.page.getByTestId('tab-waiting').click();
  const waitingRow = sv.page.locator(`[data-testid="conversation-list"][data-view="waiting"] ${rowSelector}`);
  await waitingRow.waitFor({ timeout: 3000 });
  assert.equal(await waitingRow.getByTestId('bot-marker').count(), 0);
  assert.equal(await waitingRow.getAttribute('data-bot-status'), 'handed_over');

  // English labels too.
  await sv.page.getByTestId('lang-switch').click();
  await view.locator('[data-testid="intake-item"][data-key="age_band"]', { hasText: 'High school' }).waitFor({ timeout: 3000 });
  assert.ok((await ageAnswer.textContent()).includes('Answered with a button'));
  await sv.page.getByTestId('lang-switch').click();

  // A supervisor has no reload button.
  assert.equal(await sv.page.getByTestId('scenario-reload').count(), 0, 'no reload button for a supervisor');

  // --- An admin reloads the scenarios ----------------------------------------------------------
  const ad = await consolePage(t, browser, stack, STAFF.admin1);
  const reload = ad.page.getByTestId('scenario-reload');
  assert.equal((await reload.textContent()).trim(), 'シナリオを再読み込み');
  await reload.click();
  const dialog = ad.page.locator('[data-testid="scenario-reload-dialog"][data-state="result"]');
  await dialog.waitFor({ timeout: 5000 });
  assert.equal(await dialog.getAttribute('data-ok'), 'true');
  const center = dialog.locator('[data-testid="scenario-result"][data-program="center"]');
  assert.equal(await center.getAttribute('data-ok'), 'true');
  const version = center.getByTestId('scenario-version');
  const versionText = await version.textContent();
  assert.match(versionText, /^版: 2026-11-1@[0-9a-f]{12}$/, `the version is shown: ${versionText}`);
  assert.equal(await version.getAttribute('data-new-version'), 'false', 'the same file is the same version');
  assert.ok((await center.textContent()).includes('変更なし'), 'says nothing changed');
  await dialog.getByTestId('scenario-reload-close').click();
  await ad.page.getByTestId('scenario-reload-dialog').waitFor({ state: 'hidden' });

  // A broken file (422): its errors, file:line: reason, in a list; the old version stays.
  writeFileSync(SCENARIO, source.replace('"next": "terms"', '"next": "termz"'));
  await reload.click();
  const failed = ad.page.locator('[data-testid="scenario-reload-dialog"][data-state="result"][data-ok="false"]');
  await failed.waitFor({ timeout: 5000 });
  const broken = failed.locator('[data-testid="scenario-result"][data-program="center"][data-ok="false"]');
  const errorLines = await broken.locator('[data-testid="scenario-errors"] li').allTextContents();
  assert.ok(errorLines.length >= 1 && errorLines.every((e) => /center\.json:\d+: /.test(e)), JSON.stringify(errorLines));
  assert.ok(errorLines.some((e) => e.includes('termz')), JSON.stringify(errorLines));
  assert.equal(await broken.getByTestId('scenario-version').count(), 0);
  await ad.page.keyboard.press('Escape');
  await ad.page.getByTestId('scenario-reload-dialog').waitFor({ state: 'hidden' });
  writeFileSync(SCENARIO, source);

  // --- A counselor has no reload button --------------------------------------------------------
  const co = await consolePage(t, browser, stack, STAFF.counselor1);
  await co.page.getByTestId('logout').waitFor();
  assert.equal(await co.page.getByTestId('scenario-reload').count(), 0, 'no reload button for a counselor');
  // ...and the server agrees.
  const counselorApi = await stack.login('counselor1');
  assert.equal((await counselorApi.post('/api/v1/admin/scenarios/reload')).status, 403);

  // Nothing crashed in any console.
  assert.deepEqual(sv.errors, []);
  assert.deepEqual(ad.errors, []);
  assert.deepEqual(co.errors, []);
});
