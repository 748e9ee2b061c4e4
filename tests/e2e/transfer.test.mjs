// Transferring in a real browser (Debian's Chromium, driven by playwright-core): a person writes,
// counselor1 takes the conversation, opens 「引き継ぐ」, sees who it can go to with their load,
// picks counselor2 with a note and submits. The view returns to the list (counselor1 may no longer
// see it); through the API, counselor2 has it and the system note carries the note. Then a
// second one: counselor2 fills up while the dialog is open, so the server's refusal (429) is shown,
// and on the next opening counselor2 is marked 「上限」 and cannot be chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, STAFF, conversationWithText, stackFor, waitFor } from '../integration/lib/harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const STATIC_DIR = join(REPO, 'web', 'dist');

test('a counselor transfers a conversation to another counselor with a note', async (t) => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  assert.ok(existsSync(join(STATIC_DIR, 'index.html')), 'web/dist is missing: run make build');
  const stack = await stackFor(t, {
    staff: ['counselor1', 'counselor2', 'supervisor1'],
    server: { static_dir: STATIC_DIR },
  });
  const counselor = STAFF.counselor1;
  const c2 = await stack.login('counselor2');
  const sv = await stack.login('supervisor1');
  const userId = await stack.emu.userId(1);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  t.after(async () => {
    if (t.passed === false) await page.screenshot({ path: join(stack.dir, 'e2e-transfer-failure.png') });
  });

  await page.goto(stack.tsunaguUrl + '/');
  await page.getByTestId('login-id').fill(counselor.login);
  await page.getByTestId('login-password').fill(counselor.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('conversation-list').waitFor({ state: 'attached' });
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor();

  // A person writes; counselor1 takes it. Before that, nothing to transfer.
  assert.equal((await stack.emu.send(userId, '友だちのことで相談したいです')).webhookStatus, 200);
  await page.getByTestId('conversation-row').first().waitFor({ timeout: 3000 });
  await page.getByTestId('conversation-row').first().click();
  await page.getByTestId('take-button').waitFor({ timeout: 3000 });
  assert.equal(await page.getByTestId('transfer-button').count(), 0, 'not assigned: no transfer');
  await page.getByTestId('take-button').click();
  await page.getByTestId('reply-input').waitFor({ timeout: 3000 });
  const id = Number(await page.getByTestId('conversation-view').getAttribute('data-conversation-id'));

  // The dialog lists the others with their load, and the queue.
  await page.getByTestId('transfer-button').click();
  const dialog = page.getByTestId('transfer-dialog');
  const target = dialog.locator(`[data-testid="transfer-target"][data-staff-id="${c2.staff.id}"]`);
  await target.waitFor({ timeout: 3000 });
  const text = await dialog.innerText();
  assert.match(text, /相談員 鈴木（0\/2）/);
  assert.match(text, /SV 高橋/);
  assert.match(text, /順番待ちに戻す/);
  assert.equal(await dialog.getByTestId('transfer-queue').count(), 1);
  assert.equal(await dialog.getByTestId('transfer-target').count(), 2, 'counselor2 and supervisor1, not me');
  assert.equal(await dialog.getByTestId('transfer-submit').isDisabled(), true, 'nothing chosen yet');

  // counselor2, with a note.
  const note = '友だち関係の話の続きをお願いします';
  await target.check();
  await dialog.getByTestId('transfer-note').fill(note);
  assert.match(await dialog.innerText(), new RegExp(`${[...note].length} / 500 文字`));
  await dialog.getByTestId('transfer-submit').click();
  await dialog.waitFor({ state: 'hidden', timeout: 5000 });
  // No longer counselor1's: back to the list.
  await page.getByTestId('conversation-view').waitFor({ state: 'detached', timeout: 5000 });
  assert.equal(await page.getByTestId('transfer-error').count(), 0);

  // counselor2 has it, with the system note.
  const mine = await waitFor(async () => (await c2.conversations('mine')).find((c) => c.id === id), 3000, {
    what: 'the conversation in counselor2’s list',
  });
  assert.equal(mine.assigned_staff_id, c2.staff.id);
  const { messages } = await c2.messages(id);
  const system = messages.filter((m) => m.sender_kind === 'system');
  assert.ok(
    system.some((m) => m.text.includes(note)),
    `a system note with the note text: ${JSON.stringify(system.map((m) => m.text))}`,
  );
  // The supervisor sees the same assignment.
  const seen = (await sv.conversations('all')).find((c) => c.id === id);
  assert.equal(seen.assigned_staff_id, c2.staff.id);

  // A second conversation: counselor1 takes it; counselor2 (1/2) is chosen, but fills up before
  // the submit (a supervisor hands them a third person).
  assert.equal((await stack.emu.send(await stack.emu.userId(2), '部活のことで相談です')).webhookStatus, 200);
  const second = (await conversationWithText(sv, '部活のことで相談です')).id;
  await page.getByTestId('tab-waiting').click();
  await page.locator('[data-testid="conversation-row"]').first().waitFor({ timeout: 3000 });
  await page.getByTestId('conversation-row').first().click();
  await page.getByTestId('take-button').click();
  await page.getByTestId('reply-input').waitFor({ timeout: 3000 });
  assert.equal(Number(await page.getByTestId('conversation-view').getAttribute('data-conversation-id')), second);
  await page.getByTestId('transfer-button').click();
  await target.waitFor({ timeout: 3000 });
  assert.match(await dialog.innerText(), /相談員 鈴木（1\/2）/);
  await target.check();

  assert.equal((await stack.emu.send(await stack.emu.userId(3), '三人目の相談です')).webhookStatus, 200);
  const third = (await conversationWithText(sv, '三人目の相談です')).id;
  assert.equal((await sv.take(third)).status, 200);
  const handed = await sv.post(`/api/v1/conversations/${third}/transfer`, { to_staff_id: c2.staff.id });
  assert.equal(handed.status, 200, handed.text);

  await dialog.getByTestId('transfer-submit').click();
  const error = dialog.getByTestId('transfer-error');
  await error.waitFor({ timeout: 3000 });
  // The server's own message (its Japanese half), not a generic one.
  const shown = (await error.innerText()).trim();
  assert.ok(shown.length > 0 && !/予期しない|サーバーに接続できません/.test(shown), `the server’s message is shown: ${shown}`);
  assert.equal(await dialog.isVisible(), true, 'the dialog stays open');
  const c1 = await stack.login('counselor1');
  const still = (await sv.conversations('all')).find((c) => c.id === second);
  assert.equal(still.assigned_staff_id, c1.staff.id, 'still counselor1’s');

  // Reopened: counselor2 is at the limit, shown and not choosable; the queue still is.
  await dialog.getByTestId('transfer-cancel').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('transfer-button').click();
  await target.waitFor({ timeout: 3000 });
  assert.match(await dialog.innerText(), /相談員 鈴木（2\/2） 上限/);
  assert.equal(await target.isDisabled(), true);
  await dialog.getByTestId('transfer-queue').check();
  await dialog.getByTestId('transfer-submit').click();
  await dialog.waitFor({ state: 'hidden', timeout: 5000 });
  // Back in the queue: still visible to counselor1, now waiting and unassigned.
  await page.locator(`[data-testid="conversation-view"][data-status="waiting"]`).waitFor({ timeout: 5000 });
  await page.getByTestId('take-button').waitFor({ timeout: 3000 });
  assert.equal(await page.getByTestId('transfer-button').count(), 0);
});
