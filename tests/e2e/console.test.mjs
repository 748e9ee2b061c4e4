// The console in a real browser (Debian's Chromium, driven by playwright-core): a counselor logs
// in, sees a simulated LINE user's message arrive live, takes the conversation, replies, and the
// LINE emulator shows the reply under the counselor's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, STAFF, stackFor, waitFor } from '../integration/lib/harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const STATIC_DIR = join(REPO, 'web', 'dist');

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

test('a counselor answers a LINE user from the console', async (t) => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  assert.ok(existsSync(join(STATIC_DIR, 'index.html')), 'web/dist is missing: run make build');
  const stack = await stackFor(t, { server: { static_dir: STATIC_DIR } });
  const counselor = STAFF.counselor1;
  const userId = await stack.emu.userId(1);

  const browser = await launch();
  t.after(() => browser.close());
  const page = await browser.newPage();
  t.after(async () => {
    if (t.passed === false) await page.screenshot({ path: join(stack.dir, 'e2e-failure.png') });
  });

  // Log in.
  await page.goto(stack.tsunaguUrl + '/');
  await page.getByTestId('login-id').fill(counselor.login);
  await page.getByTestId('login-password').fill(counselor.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('conversation-list').waitFor({ state: 'attached' });
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor();

  // The user follows and writes; the conversation appears live in 未対応 without a reload.
  assert.equal((await stack.emu.follow(userId)).webhookStatus, 200);
  assert.equal((await stack.emu.send(userId, 'こんにちは')).webhookStatus, 200);
  const row = page.getByTestId('conversation-row').first();
  await row.waitFor({ timeout: 3000 });
  await row.click();
  await page
    .locator('[data-testid="message"][data-direction="inbound"]', { hasText: 'こんにちは' })
    .waitFor({ timeout: 3000 });

  // Take it and reply.
  await page.getByTestId('take-button').click();
  const reply = '佐藤です。お話を聞かせてください。';
  await page.getByTestId('reply-input').fill(reply);
  await page.getByTestId('reply-send').click();

  // The phone receives it under the counselor's display name...
  const received = await waitFor(
    async () => (await stack.emu.inbox(userId)).find((m) => m.message.text === reply),
    5000,
    { what: 'the reply in the emulator inbox' },
  );
  assert.equal(received.message.sender?.name, counselor.name);
  assert.equal(received.delivered, true);

  // ...and the console shows it as delivered.
  await page
    .locator('[data-testid="message"][data-direction="outbound"][data-delivery-state="delivered"]', {
      hasText: reply,
    })
    .waitFor({ timeout: 5000 });
});
