// Drives the phone page in headless Chromium, as tsunagu's e2e tests will.
// Skipped (not failed) where Chromium or playwright-core is not installed;
// set LINE_EMULATOR_REQUIRE_BROWSER=1 to make that a failure instead.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startTestEmulator, startReceiver, api, control, firstUserId, textMessage } from '../testing/harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let chromium = null;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  chromium = null;
}
const missing = !chromium ? 'playwright-core not installed' : !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : null;
if (missing && process.env.LINE_EMULATOR_REQUIRE_BROWSER === '1') throw new Error(missing);

test('a person can follow, write, see the reply with its sender, and block', { skip: missing ?? false, timeout: 60_000 }, async (t) => {
  // tsunagu stand-in: answers every message with a push from a named counselor.
  let emu;
  const receiver = await startReceiver(async (r) => {
    const event = r.json?.events?.[0];
    if (event?.type === 'message') {
      setTimeout(() => {
        api(emu, 'POST', '/v2/bot/message/reply', {
          replyToken: event.replyToken,
          messages: [textMessage(`「${event.message.text}」を受け取りました`, { sender: { name: '相談員・佐藤' } })],
        });
      }, 50);
    }
    return event?.type === 'postback' ? 500 : 200;
  });
  emu = await startTestEmulator({ webhookUrl: receiver.url });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.after(async () => {
    await browser.close();
    await Promise.all([emu.close(), receiver.close()]);
  });
  const userId = await firstUserId(emu, 1);
  const page = await browser.newPage();
  await page.goto(`${emu.url}/?user=${userId}`);
  const byId = (id) => page.locator(`[data-testid="${id}"]`);

  // The page fills the picker after it has loaded the users: wait for that, then check it.
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid="user-picker"]')?.value === id,
    userId,
    { timeout: 5000 },
  ).catch(() => {});
  assert.equal(await byId('user-picker').inputValue(), userId);
  await byId('follow-button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="unfollow-button"]').disabled === false);

  await byId('message-input').fill('友だちとけんかしちゃった');
  await byId('send-button').click();
  const mine = page.locator('[data-testid="bubble"][data-from="user"]');
  await mine.first().waitFor();
  assert.equal(await mine.first().textContent(), '友だちとけんかしちゃった');
  assert.equal(await mine.first().getAttribute('data-sender'), 'さくら');

  const theirs = page.locator('[data-testid="bubble"][data-from="account"]');
  await theirs.first().waitFor({ timeout: 5000 });
  assert.equal(await theirs.first().textContent(), '「友だちとけんかしちゃった」を受け取りました');
  assert.equal(await theirs.first().getAttribute('data-sender'), '相談員・佐藤');

  // A push without sender is labelled with the bot name.
  await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('いつでも話してね')] });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bubble"][data-from="account"]').length === 2);
  assert.equal(await theirs.nth(1).getAttribute('data-sender'), 'つなぐ相談');

  // tsunagu failing shows a visible error.
  assert.equal(await byId('webhook-error').isVisible(), false);
  await control(emu, 'POST', `/users/${userId}/postback`, { data: 'x' });
  await byId('webhook-error').waitFor({ state: 'visible', timeout: 3000 });
  assert.match(await byId('webhook-error').textContent(), /500/);

  await byId('unfollow-button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="message-input"]').disabled === true);
  const { users } = await control(emu, 'GET', '/users');
  assert.equal(users.find((u) => u.userId === userId).blocked, true);
  assert.deepEqual(receiver.requests.map((r) => r.json.events[0].type), ['follow', 'message', 'postback', 'unfollow']);
});
