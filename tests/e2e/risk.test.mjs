// Risk alerts in a real browser (Debian's Chromium, driven by playwright-core): a supervisor's
// open console shows the alert banner within 2 s of a LINE user's risky message, acknowledges it,
// opens the conversation and sees the passage highlighted; for a level-3 message the counselor
// records an emergency checklist step and the supervisor approves, each seeing the other's step
// live. The levels are read from the server, not assumed.
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
      // Let the Web Audio beep actually run (without a user gesture), to show it does not crash.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

async function consolePage(t, browser, stack, staff) {
  const context = await browser.newContext(); // separate cookies per staff member
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => {
    if (t.passed === false) await page.screenshot({ path: join(stack.dir, `e2e-risk-${staff.login}.png`) });
  });
  await page.goto(stack.tsunaguUrl + '/');
  await page.getByTestId('login-id').fill(staff.login);
  await page.getByTestId('login-password').fill(staff.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('conversation-list').waitFor({ state: 'attached' });
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor();
  return { page, errors };
}

// The level and spans the server gave the client's newest inbound message.
async function serverRisk(client, text) {
  return waitFor(
    async () => {
      for (const c of await client.conversations('waiting')) {
        const { messages } = await client.messages(c.id);
        const m = messages.find((x) => x.direction === 'inbound' && x.text === text);
        if (m) return { conversation: c, message: m };
      }
      return null;
    },
    3000,
    { what: `the message ${text} on the server` },
  );
}

test('a supervisor is alerted to a risky message, and the emergency checklist is worked through', async (t) => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  assert.ok(existsSync(join(STATIC_DIR, 'index.html')), 'web/dist is missing: run make build');
  const stack = await stackFor(t, { staff: ['counselor1', 'supervisor1'], server: { static_dir: STATIC_DIR } });
  const supervisorApi = await stack.login('supervisor1');
  const userA = await stack.emu.userId(1);
  const userB = await stack.emu.userId(2);

  const browser = await launch();
  t.after(() => browser.close());
  const sv = await consolePage(t, browser, stack, STAFF.supervisor1);
  const co = await consolePage(t, browser, stack, STAFF.counselor1);
  await sv.page.getByTestId('alert-list').waitFor();

  // --- 「もう死にたい」: the banner within 2 s --------------------------------------------
  assert.equal((await stack.emu.follow(userA)).webhookStatus, 200);
  const textA = 'もう死にたい';
  assert.equal((await stack.emu.send(userA, textA)).webhookStatus, 200);
  const sentAt = Date.now();
  await sv.page.getByTestId('alert-banner').first().waitFor({ timeout: 2000 });
  const elapsed = Date.now() - sentAt;
  assert.ok(elapsed <= 2000, `banner after ${elapsed} ms`);

  const a = await serverRisk(supervisorApi, textA);
  const bannerA = sv.page.locator(`[data-testid="alert-banner"][data-conversation-id="${a.conversation.id}"]`);
  assert.ok(a.message.risk && a.message.risk.level >= 1, `the server flags ${textA}: ${JSON.stringify(a.message.risk)}`);
  const levelA = a.conversation.risk_level;
  assert.equal(await bannerA.getAttribute('data-level'), String(levelA));
  const bannerText = await bannerA.getByTestId('alert-banner-text').textContent();
  assert.ok(bannerText.includes(a.conversation.client_pseudonym), `banner names the pseudonym: ${bannerText}`);
  assert.ok(bannerText.includes(`レベル${levelA}`), `banner shows the level: ${bannerText}`);
  // The alert list panel has it too, with the level badge.
  const rowA = sv.page.locator(`[data-testid="alert-row"][data-conversation-id="${a.conversation.id}"]`);
  await rowA.waitFor();

  // Acknowledge (確認): the server records it, the list drops it, the banner says so.
  await bannerA.getByTestId('alert-ack').click();
  await sv.page
    .locator(`[data-testid="alert-banner"][data-conversation-id="${a.conversation.id}"][data-acknowledged="true"]`)
    .waitFor({ timeout: 3000 });
  await rowA.waitFor({ state: 'detached', timeout: 3000 });
  const open = (await supervisorApi.get('/api/v1/risk/alerts')).json.alerts;
  assert.ok(!open.some((x) => x.conversation_id === a.conversation.id), 'acknowledged on the server');

  // Open the conversation from the banner: the header badge and the highlighted passage.
  await bannerA.getByTestId('alert-open').click();
  const viewA = sv.page.locator(`[data-testid="conversation-view"][data-conversation-id="${a.conversation.id}"]`);
  await viewA.waitFor({ timeout: 3000 });
  assert.equal(await viewA.getByTestId('conversation-risk-badge').getAttribute('data-level'), String(levelA));
  const messageA = viewA.locator(`[data-testid="message"][data-message-id="${a.message.id}"]`);
  const span = messageA.getByTestId('risk-span');
  await span.first().waitFor({ timeout: 3000 });
  // The highlighted text is exactly what the server's byte spans point at.
  const bytes = new TextEncoder().encode(textA);
  const expected = a.message.risk.spans.map(([b, e]) => new TextDecoder().decode(bytes.slice(b, e)));
  assert.deepEqual(await span.allTextContents(), expected);
  assert.deepEqual(expected, ['死にたい']);
  // The reasons are in a small expandable note.
  const note = messageA.getByTestId('risk-note');
  await note.locator('summary').click();
  assert.ok((await note.textContent()).includes('lexicon.tsv'), 'the reasons are shown');

  // --- 「今から飛び降りる」: level 3 and the emergency checklist ----------------------------
  assert.equal((await stack.emu.follow(userB)).webhookStatus, 200);
  const textB = '今から飛び降りる';
  assert.equal((await stack.emu.send(userB, textB)).webhookStatus, 200);
  const b = await serverRisk(supervisorApi, textB);
  assert.equal(b.message.risk?.level, 3, `the server's level for ${textB}: ${JSON.stringify(b.message.risk)}`);
  const bannerB = sv.page.locator(`[data-testid="alert-banner"][data-conversation-id="${b.conversation.id}"]`);
  await bannerB.waitFor({ timeout: 2000 });
  assert.equal(await bannerB.getAttribute('data-level'), '3');

  // The counselor's waiting list is in queue order: the level-3 conversation first.
  const firstRow = co.page.getByTestId('conversation-row').first();
  await waitFor(async () => (await firstRow.getAttribute('data-conversation-id')) === String(b.conversation.id), 3000, {
    what: 'the level-3 conversation at the top of the waiting list',
  });
  assert.equal(await firstRow.getByTestId('risk-badge').getAttribute('data-level'), '3');

  // The supervisor opens it: the checklist, nothing done yet.
  await bannerB.getByTestId('alert-open').click();
  const svPanel = sv.page.locator(`[data-testid="conversation-view"][data-conversation-id="${b.conversation.id}"] [data-testid="emergency-panel"]`);
  await svPanel.waitFor({ timeout: 3000 });
  await svPanel.locator('[data-testid="emergency-step"][data-done="false"]').nth(3).waitFor();

  // The counselor takes it and records the first step, with a note.
  await firstRow.click();
  await co.page.getByTestId('take-button').click();
  const coPanel = co.page.getByTestId('emergency-panel');
  await coPanel.waitFor({ timeout: 3000 });
  // Now that it is theirs, the counselor sees its open alert too.
  await co.page.locator(`[data-testid="alert-row"][data-conversation-id="${b.conversation.id}"]`).waitFor({ timeout: 3000 });
  assert.equal(
    await coPanel.locator('[data-testid="emergency-record"][data-step="supervisor_approval"]').isDisabled(),
    true,
    'a counselor cannot approve',
  );
  await coPanel.locator('[data-testid="emergency-note"][data-step="keep_chatting"]').fill('返信を続けている');
  await coPanel.locator('[data-testid="emergency-record"][data-step="keep_chatting"]').click();
  await coPanel.locator('[data-testid="emergency-step"][data-step="keep_chatting"][data-done="true"]').waitFor({ timeout: 3000 });
  assert.ok(
    (await coPanel.locator('[data-testid="emergency-step"][data-step="keep_chatting"]').textContent()).includes(STAFF.counselor1.name),
    'who did it is shown',
  );

  // The supervisor's checklist updates live (conversation.updated), then the supervisor approves.
  await svPanel.locator('[data-testid="emergency-step"][data-step="keep_chatting"][data-done="true"]').waitFor({ timeout: 3000 });
  const approve = svPanel.locator('[data-testid="emergency-record"][data-step="supervisor_approval"]');
  assert.equal(await approve.isDisabled(), false, 'a supervisor can approve');
  await approve.click();
  await svPanel.locator('[data-testid="emergency-step"][data-step="supervisor_approval"][data-done="true"]').waitFor({ timeout: 3000 });
  await coPanel.locator('[data-testid="emergency-step"][data-step="supervisor_approval"][data-done="true"]').waitFor({ timeout: 3000 });

  const checklist = (await supervisorApi.get(`/api/v1/conversations/${b.conversation.id}/emergency`)).json;
  assert.deepEqual(checklist.done.map((d) => d.step).sort(), ['keep_chatting', 'supervisor_approval']);
  assert.equal(checklist.done.find((d) => d.step === 'keep_chatting').note, '返信を続けている');

  // The supervisor records a disclosure; it is listed.
  const disclosure = sv.page.getByTestId('disclosure-panel');
  await disclosure.locator('summary').click();
  await disclosure.getByTestId('disclosure-basis').selectOption('art27_1_ii');
  await disclosure.getByTestId('disclosure-recipient').fill('中警察署 生活安全課');
  await disclosure.locator('[data-testid="disclosure-field"][value="location"]').check();
  await disclosure.getByTestId('disclosure-submit').click();
  await disclosure.locator('[data-testid="disclosure-entry"]', { hasText: '中警察署' }).waitFor({ timeout: 3000 });
  const recorded = (await supervisorApi.get(`/api/v1/conversations/${b.conversation.id}/disclosures`)).json.disclosures;
  assert.equal(recorded.length, 1);
  assert.deepEqual(recorded[0].fields, ['location']);

  // Nothing crashed in either console (the beep included).
  assert.deepEqual(sv.errors, []);
  assert.deepEqual(co.errors, []);
});
