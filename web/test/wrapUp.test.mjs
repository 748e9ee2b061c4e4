// The wrap-up written when closing a conversation: the dialog's draft and request, the server's
// reasons on a 400, and labels for the closed view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, toApiError } from '../src/api/client.ts';
import {
  choiceLabel,
  initialDraft,
  labelOf,
  reasonLines,
  summaryLength,
  toggleTopic,
  toRequest,
  topicLabels,
} from '../src/lib/wrapUp.ts';
import { translate } from '../src/i18n.ts';
import { conversation } from './fixtures.mjs';

const options = {
  topics: [
    { code: 'school', label_ja: '学業・進路', label_en: 'Studies and future path' },
    { code: 'bullying', label_ja: 'いじめ', label_en: 'Bullying' },
  ],
  outcomes: [
    { code: 'phone', label_ja: '電話へ移行', label_en: 'Moved to phone' },
    { code: 'referral', label_ja: '関係機関へ紹介', label_en: 'Referred to an agency' },
  ],
  summary_chars_max: 2000,
};

test('the risk level starts at the conversation’s suggested level', () => {
  assert.deepEqual(initialDraft(conversation({ risk_level: 2 })), {
    topics: [],
    riskLevel: 2,
    outcome: '',
    summary: '',
  });
  assert.equal(initialDraft(conversation({ risk_level: 0 })).riskLevel, 0);
  // A level outside 0..3 from a newer server is clamped.
  assert.equal(initialDraft(conversation({ risk_level: 7 })).riskLevel, 3);
});

test('topics toggle on and off, several at once', () => {
  let d = initialDraft(conversation());
  d = toggleTopic(d, 'school');
  d = toggleTopic(d, 'bullying');
  assert.deepEqual(d.topics, ['school', 'bullying']);
  d = toggleTopic(d, 'school');
  assert.deepEqual(d.topics, ['bullying']);
});

test('the request carries every field; a blank summary is sent empty', () => {
  const d = { topics: ['bullying', 'school'], riskLevel: 1, outcome: 'referral', summary: '  \n ' };
  assert.deepEqual(toRequest(d), { topics: ['bullying', 'school'], risk_level: 1, outcome: 'referral', summary: '' });
  assert.equal(toRequest({ ...d, summary: '学校に相談\n' }).summary, '学校に相談\n');
  // Unchosen parts are sent as they are: the server names what is missing.
  assert.deepEqual(toRequest(initialDraft(conversation())), { topics: [], risk_level: 0, outcome: '', summary: '' });
});

test('the summary counts characters as the server does (code points)', () => {
  assert.equal(summaryLength(''), 0);
  assert.equal(summaryLength('あい'), 2);
  assert.equal(summaryLength('😀a'), 2);
});

test('a 400 lists every reason in the chosen language', () => {
  const error = toApiError(
    400,
    {
      error: {
        code: 'invalid_argument',
        message: '終了時の記録を確認してください / check the wrap-up',
        reasons: ['相談内容（トピック）を1つ以上選んでください / choose at least one topic', 42, '対応結果を選んでください / choose an outcome'],
      },
    },
    null,
  );
  assert.ok(error instanceof ApiError);
  assert.deepEqual(error.reasons, [
    '相談内容（トピック）を1つ以上選んでください / choose at least one topic',
    '対応結果を選んでください / choose an outcome',
  ]);
  assert.deepEqual(reasonLines(error, 'ja'), ['相談内容（トピック）を1つ以上選んでください', '対応結果を選んでください']);
  assert.deepEqual(reasonLines(error, 'en'), ['choose at least one topic', 'choose an outcome']);
  // Without reasons the message stands alone; other errors are not reasons.
  assert.deepEqual(reasonLines(new ApiError(400, 'invalid_argument', 'だめ / no'), 'en'), ['no']);
  assert.deepEqual(reasonLines(new ApiError(409, 'conflict', 'すでに終了 / closed'), 'en'), []);
  assert.deepEqual(reasonLines(new Error('x'), 'ja'), []);
  // Other errors keep an empty list.
  assert.deepEqual(toApiError(404, { error: { code: 'not_found', message: 'x' } }, null).reasons, []);
});

test('labels follow the language; unknown codes show as they are', () => {
  assert.equal(choiceLabel(options.topics[0], 'ja'), '学業・進路');
  assert.equal(choiceLabel(options.topics[0], 'en'), 'Studies and future path');
  assert.equal(labelOf('phone', options.outcomes, 'ja'), '電話へ移行');
  assert.equal(labelOf('retired_code', options.topics, 'ja'), 'retired_code');
  assert.deepEqual(topicLabels({ topics: ['bullying', 'school'] }, options, 'en'), ['Bullying', 'Studies and future path']);
  assert.deepEqual(topicLabels({ topics: ['bullying'] }, null, 'ja'), ['bullying']);
});

test('every wrap-up string exists in both languages', () => {
  for (const key of ['wrapup.title', 'wrapup.topics', 'wrapup.risk', 'wrapup.outcome', 'wrapup.summary', 'wrapup.submit', 'wrapup.view.title']) {
    assert.notEqual(translate('ja', key), translate('en', key), key);
  }
  assert.match(translate('ja', 'wrapup.summaryCount', { n: 3, max: 2000 }), /3 \/ 2000/);
});
