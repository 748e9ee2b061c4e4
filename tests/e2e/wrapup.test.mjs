// Closing with a wrap-up in a real browser (Debian's Chromium, driven by playwright-core): a
// counselor takes the next conversation from the queue (「次の相談を受ける」), replies, opens the close dialog (the risk level
// pre-selected from the suggestion), is shown the server's reasons for an incomplete wrap-up,
// completes it, closes, and sees the wrap-up in the conversation view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, STAFF, stackFor, waitFor } from '../integration/lib/harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const STATIC_DIR = join(REPO, 'web', 'dist');

test('a counselor takes, replies and closes with a wrap-up', async (t) => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  assert.ok(existsSync(join(STATIC_DIR, 'index.html')), 'web/dist is missing: run make build');
  const stack = await stackFor(t, { server: { static_dir: STATIC_DIR } });
  const counselor = STAFF.counselor1;
  const userId = await stack.emu.userId(1);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  t.after(async () => {
    if (t.passed === false) await page.screenshot({ path: join(stack.dir, 'e2e-wrapup-failure.png') });
  });

  await page.goto(stack.tsunaguUrl + '/');
  await page.getByTestId('login-id').fill(counselor.login);
  await page.getByTestId('login-password').fill(counselor.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('conversation-list').waitFor({ state: 'attached' });
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor();

  // A person writes; the counselor takes the conversation from the queue and replies.
  assert.equal((await stack.emu.send(userId, '家のことで相談したいです')).webhookStatus, 200);
  const row = page.getByTestId('conversation-row').first();
  await row.waitFor({ timeout: 3000 });
  // 「次の相談を受ける」 takes the first of the queue and opens it.
  await page.getByTestId('take-next').click();
  await page.getByTestId('reply-input').waitFor({ timeout: 3000 });
  // With nobody else waiting, the button says so.
  await page.getByTestId('take-next').click();
  await page.getByTestId('take-next-message').getByText('待っている相談はありません').waitFor({ timeout: 3000 });
  const reply = 'お話を聞かせてください。';
  await page.getByTestId('reply-input').fill(reply);
  await page.getByTestId('reply-send').click();
  await waitFor(async () => (await stack.emu.inbox(userId)).find((m) => m.message.text === reply), 5000, {
    what: 'the reply on the phone',
  });

  // The close button opens the wrap-up dialog; the level starts at the suggestion (0 here).
  await page.getByTestId('close-button').click();
  const dialog = page.getByTestId('wrapup-dialog');
  await dialog.getByTestId('wrapup-topic-family').waitFor();
  assert.equal(await dialog.getByTestId('wrapup-risk-0').isChecked(), true);

  // Incomplete (no outcome): the server's reason is shown and the conversation stays open.
  await dialog.getByTestId('wrapup-topic-family').check();
  await dialog.getByTestId('wrapup-submit').click();
  const reasons = dialog.getByTestId('wrapup-reasons');
  await reasons.waitFor({ timeout: 3000 });
  assert.match(await reasons.innerText(), /対応結果を選んでください/);
  assert.equal(await page.getByTestId('conversation-view').getAttribute('data-status'), 'active');

  // Completed: several topics, a level, an outcome and a summary.
  await dialog.getByTestId('wrapup-topic-school').check();
  await dialog.getByTestId('wrapup-risk-1').check();
  await dialog.getByTestId('wrapup-outcome-phone').check();
  await dialog.getByTestId('wrapup-summary').fill('電話相談につないだ。');
  await dialog.getByTestId('wrapup-submit').click();
  await page.locator('[data-testid="conversation-view"][data-status="closed"]').waitFor({ timeout: 5000 });
  await dialog.waitFor({ state: 'hidden' });

  // The conversation view shows the wrap-up.
  const view = page.getByTestId('wrapup-view');
  await view.waitFor({ timeout: 5000 });
  assert.equal(await view.getByTestId('wrapup-view-outcome').innerText(), '電話へ移行');
  const topics = await view.getByTestId('wrapup-view-topics').innerText();
  assert.match(topics, /家族関係/);
  assert.match(topics, /学業・進路/);
  assert.match(await view.getByTestId('wrapup-view-risk').innerText(), /1/);
  assert.equal(await view.getByTestId('wrapup-view-summary').innerText(), '電話相談につないだ。');

  // The server has the same record.
  const client = await stack.login('counselor1');
  const id = Number(await page.getByTestId('conversation-view').getAttribute('data-conversation-id'));
  const stored = await client.get(`/api/v1/conversations/${id}/wrap-up`);
  assert.equal(stored.status, 200, stored.text);
  assert.deepEqual(stored.json.wrap_up.topics, ['family', 'school']);
  assert.equal(stored.json.wrap_up.outcome, 'phone');
  assert.equal(stored.json.wrap_up.risk_level, 1);
});
