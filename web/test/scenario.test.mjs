// The chatbot's parts of the console (docs/scenarios.md): intake labels, the bot status badge,
// button chips and the client's button answers, images, the queue rules, and the admin reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  botChoiceValue,
  botStatusKey,
  choiceLabel,
  intakeEntries,
  intakeKeyLabel,
  intakeValueLabel,
} from '../src/lib/intake.ts';
import { imageUrl, quickReplies } from '../src/lib/content.ts';
import { applyConversation, applyList, belongsTo, compareForView, emptyStore, selectList } from '../src/lib/conversations.ts';
import { canReloadScenarios } from '../src/lib/permissions.ts';
import { errorLines, outcomeOfAnswer, outcomeOfError } from '../src/lib/scenarioReload.ts';
import { ApiError, toApiError } from '../src/api/client.ts';
import { I18nContext, translate } from '../src/i18n.ts';
import { MessageItem } from '../src/components/MessageItem.tsx';
import { IntakeAnswers } from '../src/components/IntakeAnswers.tsx';
import { admin, conversation, counselor, message, supervisor } from './fixtures.mjs';

const ja = (key, vars) => translate('ja', key, vars);
const en = (key, vars) => translate('en', key, vars);

// What the center's scenario stores after the full intake (tests/integration/bot.test.mjs).
const fullIntake = {
  consent: 'agree',
  intake: 'answer',
  age_band: 'high_school',
  gender: 'no_answer',
  area: 'nagoya',
  topic: 'family',
};

function render(element, lang = 'ja') {
  const t = (key, vars) => translate(lang, key, vars);
  return renderToStaticMarkup(createElement(I18nContext.Provider, { value: { lang, t, setLang: () => {} } }, element));
}

test('bot status: a badge only while it matters', () => {
  assert.equal(botStatusKey('running'), 'bot.status.running');
  assert.equal(botStatusKey('ended'), 'bot.status.ended');
  assert.equal(botStatusKey('handed_over'), null);
  assert.equal(botStatusKey('none'), null);
  assert.equal(botStatusKey(undefined), null);
  assert.equal(ja('bot.status.running'), 'ボット受付中');
  assert.equal(en('bot.status.running'), 'With the chatbot');
  assert.equal(ja('bot.status.ended'), 'ボットで終了');
  assert.equal(en('bot.status.ended'), 'Ended by the chatbot');
});

test('intake answers in Japanese, in the order the scenario asks them', () => {
  const shuffled = { topic: 'family', area: 'nagoya', consent: 'agree', gender: 'no_answer', age_band: 'high_school', intake: 'answer' };
  const entries = intakeEntries(shuffled, ja);
  assert.deepEqual(
    entries.map((e) => [e.keyLabel, e.valueLabel]),
    [
      ['利用のきまり', '同意'],
      ['質問', '答えた'],
      ['年代', '高校生'],
      ['性別', '答えない'],
      ['地域', '名古屋市内'],
      ['相談の種類', '家族'],
    ],
  );
  assert.deepEqual(entries.map((e) => e.key), ['consent', 'intake', 'age_band', 'gender', 'area', 'topic']);
  assert.deepEqual(entries.map((e) => e.value), ['agree', 'answer', 'high_school', 'no_answer', 'nagoya', 'family']);
});

test('intake answers in English', () => {
  assert.deepEqual(
    intakeEntries(fullIntake, en).map((e) => `${e.keyLabel}: ${e.valueLabel}`),
    ['Terms of use: Agreed', 'Questions: Answered', 'Age: High school', 'Gender: Prefer not to say', 'Area: Nagoya city', 'Topic: Family'],
  );
});

test('every value code of the center scenario has a label in both languages', () => {
  const codes = {
    consent: { agree: '同意', decline: '同意しない' },
    intake: { skip: '質問をとばした' },
    age_band: {
      elementary: '小学生',
      junior_high: '中学生',
      high_school: '高校生',
      '18_19': '18〜19歳',
      '20s': '20代',
      '30_plus': '30代以上',
      guardian: '保護者',
    },
    gender: { female: '女性', male: '男性', other: 'その他' },
    area: { nagoya: '名古屋市内', outside: '名古屋市外' },
    topic: {
      school: '学校・勉強',
      friends: '友だち',
      bullying: 'いじめ',
      family: '家族',
      romance: '恋愛',
      health: 'こころ・からだ',
      other: 'その他',
    },
  };
  for (const [key, values] of Object.entries(codes)) {
    assert.notEqual(intakeKeyLabel(key, ja), key, `ja label for ${key}`);
    assert.notEqual(intakeKeyLabel(key, en), key, `en label for ${key}`);
    for (const [value, label] of Object.entries(values)) {
      assert.equal(intakeValueLabel(key, value, ja), label, `${key}=${value}`);
      const english = intakeValueLabel(key, value, en);
      assert.ok(english && english !== value && english !== label, `en label for ${key}=${value}: ${english}`);
    }
    assert.equal(intakeValueLabel(key, 'no_answer', ja), '答えない');
    assert.equal(intakeValueLabel(key, 'no_answer', en), 'Prefer not to say');
  }
});

test('unknown keys and values are shown as they are, after the known ones', () => {
  const entries = intakeEntries({ nickname: 'みー', topic: 'space', age_band: 'high_school', empty: '', n: 3 }, ja);
  assert.deepEqual(
    entries.map((e) => [e.keyLabel, e.valueLabel]),
    [
      ['年代', '高校生'],
      ['相談の種類', 'space'],
      ['nickname', 'みー'],
    ],
  );
  // A value known for another key is not borrowed.
  assert.equal(intakeValueLabel('area', 'family', ja), 'family');
  // Nothing inherited from Object.prototype.
  assert.equal(intakeKeyLabel('toString', ja), 'toString');
  assert.equal(intakeValueLabel('constructor', 'toString', ja), 'toString');
  assert.deepEqual(intakeEntries({}, ja), []);
  assert.deepEqual(intakeEntries(null, ja), []);
  assert.deepEqual(intakeEntries(undefined, ja), []);
});

test('skipped intake reads 質問をとばした', () => {
  assert.deepEqual(
    intakeEntries({ consent: 'agree', intake: 'skip' }, ja).map((e) => `${e.keyLabel}: ${e.valueLabel}`),
    ['利用のきまり: 同意', '質問: 質問をとばした'],
  );
});

test('the intake list renders with its heading, and not at all when empty', () => {
  const html = render(createElement(IntakeAnswers, { intake: fullIntake }));
  assert.match(html, /受付の回答/);
  assert.match(html, /<dt>年代<\/dt><dd>高校生<\/dd>/);
  assert.match(html, /data-key="topic" data-value="family"/);
  assert.equal(render(createElement(IntakeAnswers, { intake: {} })), '');
  assert.match(render(createElement(IntakeAnswers, { intake: fullIntake }), 'en'), /Intake.*<dt>Age<\/dt><dd>High school<\/dd>/);
});

test("a client's button tap reads as the choice after the last colon", () => {
  const tap = (text, overrides = {}) => message({ content_kind: 'postback', content_type: 'postback', text, ...overrides });
  assert.equal(botChoiceValue(tap('bot:terms:agree')), 'agree');
  assert.equal(botChoiceValue(tap('bot:age:high_school')), 'high_school');
  assert.equal(botChoiceValue(tap('bot:a:b:c')), 'c');
  assert.equal(botChoiceValue(tap('bot:terms:')), null, 'nothing after the colon');
  assert.equal(botChoiceValue(tap('action=buy&id=1')), null, 'not a bot button');
  assert.equal(botChoiceValue(tap('BOT:terms:agree')), null);
  assert.equal(botChoiceValue(message({ text: 'bot:terms:agree' })), null, 'typed text is not a tap');
  assert.equal(
    botChoiceValue(tap('bot:terms:agree', { direction: 'outbound', sender_kind: 'staff' })),
    null,
    'only the client taps',
  );
  assert.equal(choiceLabel('high_school', ja), '高校生');
  assert.equal(choiceLabel('agree', ja), '同意');
  assert.equal(choiceLabel('skip', ja), '質問をとばした');
  assert.equal(choiceLabel('other', ja), 'その他');
  assert.equal(choiceLabel('no_answer', ja), '答えない');
  assert.equal(choiceLabel('high_school', en), 'High school');
  assert.equal(choiceLabel('something_new', ja), 'something_new');
  assert.equal(choiceLabel('hasOwnProperty', ja), 'hasOwnProperty');
});

test('the postback renders as a chip labelled ボタンで回答, not the raw data', () => {
  const html = render(
    createElement(MessageItem, {
      message: message({ id: 5, content_kind: 'postback', content_type: 'postback', text: 'bot:age:high_school' }),
    }),
  );
  assert.match(html, /data-testid="choice-answer"/);
  assert.match(html, /ボタンで回答/);
  assert.match(html, /data-testid="choice-answer-value">高校生</);
  assert.doesNotMatch(html, />[^<]*bot:age:high_school[^<]*</, 'the raw data is not shown as text');
  assert.match(render(createElement(MessageItem, { message: message({ content_kind: 'postback', text: 'bot:x:zzz' }) }), 'en'), /Answered with a button.*>zzz</);
  // Any other postback keeps the old note.
  const other = render(createElement(MessageItem, { message: message({ content_kind: 'postback', text: 'action=1' }) }));
  assert.match(other, /ボタン操作: action=1/);
  assert.doesNotMatch(other, /choice-answer/);
});

test("a bot message's buttons are non-interactive chips labelled 選択肢", () => {
  const bot = message({
    id: 6,
    direction: 'outbound',
    sender_kind: 'bot',
    sender_name: 'ボット',
    delivery_state: 'delivered',
    text: '同意して相談をはじめますか？',
    quick_replies: ['同意する', '同意しない'],
  });
  assert.deepEqual(quickReplies(bot), ['同意する', '同意しない']);
  assert.deepEqual(quickReplies({}), [], 'an older server without the field');
  assert.deepEqual(quickReplies({ quick_replies: null }), []);
  const html = render(createElement(MessageItem, { message: bot }));
  assert.match(html, /<ul class="quick-replies" aria-label="選択肢" data-testid="quick-replies">/);
  assert.match(html, /<li class="chip" data-testid="quick-reply">同意する<\/li><li class="chip" data-testid="quick-reply">同意しない<\/li>/);
  assert.doesNotMatch(html, /<button/, 'nothing to press');
  assert.match(render(createElement(MessageItem, { message: bot }), 'en'), /aria-label="Choices"/);
  assert.doesNotMatch(render(createElement(MessageItem, { message: message() })), /quick-replies/);
});

test('an image the bot sent is a link (https only), its text the description', () => {
  const img = (overrides) =>
    message({ direction: 'outbound', sender_kind: 'bot', content_type: 'image', text: '相談の流れの図', ...overrides });
  assert.equal(imageUrl(img({ media_url: 'https://example.org/a.png' })), 'https://example.org/a.png');
  assert.equal(imageUrl(img({ media_url: 'javascript:alert(1)' })), null);
  assert.equal(imageUrl(img({ media_url: 'http://example.org/a.png' })), null);
  assert.equal(imageUrl(img({ media_url: 'data:image/png;base64,AAAA' })), null);
  assert.equal(imageUrl(img({ media_url: 'not a url' })), null);
  assert.equal(imageUrl(img({ media_url: null })), null);
  assert.equal(imageUrl(message({ media_url: 'https://example.org/a.png' })), null, 'text messages have no image');
  const html = render(createElement(MessageItem, { message: img({ media_url: 'https://example.org/a.png' }) }));
  assert.match(html, /相談の流れの図/);
  assert.match(html, /<a class="message-image-link" data-testid="message-image-link" href="https:\/\/example.org\/a.png" target="_blank" rel="noopener noreferrer" title="画像: 相談の流れの図">画像を開く<\/a>/);
  const unsafe = render(createElement(MessageItem, { message: img({ media_url: 'javascript:alert(1)' }) }));
  assert.doesNotMatch(unsafe, /href=/);
});

test('the waiting list is the queue: not while the bot still talks', () => {
  const me = counselor.id;
  const withBot = conversation({ id: 4, bot_status: 'running', queued_at: null, intake: { consent: 'agree' } });
  assert.equal(belongsTo('waiting', withBot, me), false);
  assert.equal(belongsTo('all', withBot, me), true);
  const handedOver = { ...withBot, bot_status: 'handed_over', queued_at: '2026-11-26T07:03:00.000Z', last_message_at: '2026-11-26T07:03:00.000Z' };
  assert.equal(belongsTo('waiting', handedOver, me), true);
  // An older server that does not send queued_at: waiting means queued.
  const legacy = conversation({ id: 5 });
  delete legacy.queued_at;
  assert.equal(belongsTo('waiting', legacy, me), true);

  let store = applyList(emptyStore, 'waiting', []);
  store = applyList(store, 'all', []);
  store = applyConversation(store, withBot, me);
  assert.deepEqual(store.lists.waiting, []);
  assert.deepEqual(store.lists.all, [4]);
  store = applyConversation(store, handedOver, me);
  assert.deepEqual(store.lists.waiting, [4]);
  assert.equal(selectList(store, 'waiting')[0].bot_status, 'handed_over');
});

test('the queue order is by when the person joined the queue, not when they wrote first', () => {
  // 1 opened first but spent long with the bot; 2 skipped the questions.
  const a = conversation({ id: 1, opened_at: '2026-11-26T07:00:00.000Z', queued_at: '2026-11-26T07:10:00.000Z' });
  const b = conversation({ id: 2, opened_at: '2026-11-26T07:02:00.000Z', queued_at: '2026-11-26T07:03:00.000Z' });
  const risky = conversation({ id: 3, opened_at: '2026-11-26T07:09:00.000Z', queued_at: '2026-11-26T07:11:00.000Z', risk_level: 1 });
  assert.deepEqual([a, b, risky].sort(compareForView('waiting')).map((c) => c.id), [3, 2, 1]);
});

test('only admins reload scenarios', () => {
  assert.equal(canReloadScenarios(admin), true);
  assert.equal(canReloadScenarios(supervisor), false);
  assert.equal(canReloadScenarios(counselor), false);
});

test('reload answers: 200, 422 with errors, 404 and other failures', () => {
  const fine = outcomeOfAnswer({
    ok: true,
    scenarios: [{ program: 'center', file: 'data/scenarios/center.json', ok: true, version: '2026-11-1@3f1c9a0b2d4e', new_version: false }],
  });
  assert.equal(fine.kind, 'result');
  assert.equal(fine.ok, true);
  assert.equal(fine.scenarios[0].version, '2026-11-1@3f1c9a0b2d4e');

  const errors = [
    'data/scenarios/center.json:12: ノード "greeting": next の行き先 "termz" というノードはありません / unknown node',
    '',
  ];
  const broken = outcomeOfAnswer({
    ok: false,
    scenarios: [
      { program: 'center', file: 'data/scenarios/center.json', ok: false, errors },
      { program: 'kids', file: 'data/scenarios/kids.json', ok: true, version: 'v@1', new_version: true },
    ],
  });
  assert.equal(broken.ok, false);
  assert.deepEqual(errorLines(broken.scenarios[0]), [errors[0]]);
  assert.deepEqual(errorLines(broken.scenarios[1]), []);

  const none = toApiError(404, { error: { code: 'not_found', message: 'シナリオを使う窓口はありません / no program has a scenario' } }, null);
  assert.deepEqual(outcomeOfError(none), { kind: 'none' });
  const denied = toApiError(403, { error: { code: 'permission_denied', message: '権限がありません / permission denied' } }, null);
  assert.equal(outcomeOfError(denied).kind, 'error');
  assert.equal(outcomeOfError(new ApiError(0, 'network', '')).kind, 'error');
  assert.equal(ja('scenarios.none'), 'シナリオを使う窓口はありません');
  assert.equal(ja('scenarios.reload'), 'シナリオを再読み込み');
  assert.equal(en('scenarios.reload'), 'Reload scenarios');
});
