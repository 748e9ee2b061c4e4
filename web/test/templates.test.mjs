// Templates: the reply box's menu order, Alt+digit shortcuts and insertion at the caret; the
// admin editor's grouping, variables, checks before saving and version history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ariaShortcut,
  insertText,
  menuOrder,
  shortcutLabel,
  shortcutOfKey,
  templateForKey,
  templateForShortcut,
  templateName,
} from '../src/lib/templates.ts';
import {
  bodyLength,
  bodyProblem,
  groupByProgram,
  isNewVersion,
  newestFirst,
  templateBodyCharsMax,
  templateId,
  unknownVariables,
  usedVariables,
  withSaved,
} from '../src/lib/templateEditor.ts';
import { translate } from '../src/i18n.ts';
import { renderedTemplate, template } from './fixtures.mjs';

const greeting = renderedTemplate();
const pleaseWait = renderedTemplate({ key: 'please_wait', name_ja: '少々お待ちください', name_en: 'Please wait', shortcut: 2, body: '少々お待ちください。' });
const closing = renderedTemplate({ key: 'closing', name_ja: '終了', name_en: 'Closing', shortcut: 3, body: 'ありがとうございました。' });

function key(overrides) {
  return { altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, code: 'Digit1', ...overrides };
}

test('the menu lists templates by shortcut, whatever order the server sent', () => {
  assert.deepEqual(menuOrder([closing, greeting, pleaseWait]).map((t) => t.key), ['greeting', 'please_wait', 'closing']);
  // A tie (a misconfigured program) is broken by key, so the order is stable.
  const twin = renderedTemplate({ key: 'emergency', shortcut: 1 });
  assert.deepEqual(menuOrder([greeting, twin]).map((t) => t.key), ['emergency', 'greeting']);
  const input = [closing, greeting];
  menuOrder(input);
  assert.deepEqual(input.map((t) => t.key), ['closing', 'greeting'], 'the input is not reordered');
});

test('Alt+1..Alt+9 on the digit row or keypad are shortcuts; other keys and modifiers are not', () => {
  assert.equal(shortcutOfKey(key({ code: 'Digit1' })), 1);
  assert.equal(shortcutOfKey(key({ code: 'Digit9' })), 9);
  assert.equal(shortcutOfKey(key({ code: 'Numpad5' })), 5);
  assert.equal(shortcutOfKey(key({ code: 'Digit0' })), null, '0 is no shortcut');
  assert.equal(shortcutOfKey(key({ code: 'KeyA' })), null);
  assert.equal(shortcutOfKey(key({ altKey: false })), null, 'a plain digit is typed');
  assert.equal(shortcutOfKey(key({ ctrlKey: true })), null, 'AltGr is Ctrl+Alt on Windows');
  assert.equal(shortcutOfKey(key({ metaKey: true })), null);
  assert.equal(shortcutOfKey(key({ shiftKey: true })), null);
});

test('a shortcut finds its template; an unused digit finds nothing', () => {
  const list = [closing, greeting, pleaseWait];
  assert.equal(templateForShortcut(list, 2), pleaseWait);
  assert.equal(templateForShortcut(list, 3), closing);
  assert.equal(templateForShortcut(list, 4), null);
  assert.equal(templateForShortcut([], 1), null);
  assert.equal(templateForKey(list, 'please_wait'), pleaseWait);
  assert.equal(templateForKey(list, 'emergency'), null);
});

test('names and shortcut labels follow the language and platform', () => {
  assert.equal(templateName(pleaseWait, 'ja'), '少々お待ちください');
  assert.equal(templateName(pleaseWait, 'en'), 'Please wait');
  assert.equal(templateName({ name_ja: '挨拶', name_en: '' }, 'en'), '挨拶', 'a missing name falls back');
  assert.equal(shortcutLabel(3, false), 'Alt+3');
  assert.equal(shortcutLabel(3, true), '⌥3');
  assert.equal(ariaShortcut(3), 'Alt+3');
});

test('insertion goes where the caret is, replaces a selection, and moves the caret after it', () => {
  assert.deepEqual(insertText('', 0, 0, '少々お待ちください。'), { text: '少々お待ちください。', caret: 10 });
  assert.deepEqual(insertText('はい。', 3, 3, 'X'), { text: 'はい。X', caret: 4 });
  assert.deepEqual(insertText('はい。', 0, 0, 'X'), { text: 'Xはい。', caret: 1 });
  assert.deepEqual(insertText('abcdef', 2, 4, 'XY'), { text: 'abXYef', caret: 4 });
  // A backwards selection and a stale one (the text got shorter) are handled.
  assert.deepEqual(insertText('abcdef', 4, 2, 'X'), { text: 'abXef', caret: 3 });
  assert.deepEqual(insertText('ab', 10, 12, 'X'), { text: 'abX', caret: 3 });
  assert.deepEqual(insertText('ab', Number.NaN, Number.NaN, 'X'), { text: 'abX', caret: 3 });
});

test('the admin list groups by program; staff templates before system ones, in the contract order', () => {
  const list = [
    template({ program: 'nagano', key: 'closing' }),
    template({ program: 'center', key: 'idle_close', use: 'system' }),
    template({ program: 'center', key: 'closing' }),
    template({ program: 'center', key: 'greeting' }),
    template({ program: 'center', key: 'please_wait' }),
  ];
  const groups = groupByProgram(list);
  assert.deepEqual(groups.map((g) => g.program), ['center', 'nagano']);
  assert.deepEqual(groups[0].templates.map((t) => t.key), ['greeting', 'please_wait', 'closing', 'idle_close']);
  assert.deepEqual(groups[1].templates.map((t) => t.key), ['closing']);
  assert.deepEqual(groupByProgram([]), []);
  assert.equal(templateId(list[0]), 'nagano/closing');
});

test('variables: each used one once, and the ones this template may not use', () => {
  assert.deepEqual(usedVariables('{{a}} と {{ b }} と {{a}}'), ['a', 'b']);
  assert.deepEqual(usedVariables('変数なし { {x} }'), []);
  assert.deepEqual(unknownVariables('{{counselor_name}}です。{{hours}}', ['counselor_name']), ['hours']);
  assert.deepEqual(unknownVariables('{{counselor_name}}です。', ['counselor_name']), []);
});

test('before saving: empty, too long (code points, both sides of 5000), unknown variables', () => {
  const allowed = ['counselor_name'];
  assert.equal(bodyProblem('', allowed), 'empty');
  assert.equal(bodyProblem(' \n', allowed), 'empty');
  assert.equal(templateBodyCharsMax, 5000);
  assert.equal(bodyProblem('あ'.repeat(5000), allowed), null);
  assert.equal(bodyProblem('あ'.repeat(5001), allowed), 'too_long');
  assert.equal(bodyLength('😀😀'), 2);
  assert.equal(bodyProblem('😀'.repeat(5000), allowed), null, 'emoji count once each');
  assert.equal(bodyProblem('{{next_opening}}に', allowed), 'unknown_variables');
  assert.equal(bodyProblem('{{counselor_name}}です', allowed), null);
});

test('history newest first; a save of the same body adds no version; the list takes the saved one', () => {
  const v1 = template({ version: 1 });
  const v3 = template({ version: 3 });
  const v2 = template({ version: 2 });
  assert.deepEqual(newestFirst([v1, v3, v2]).map((t) => t.version), [3, 2, 1]);
  assert.equal(isNewVersion(v2, v3), true);
  assert.equal(isNewVersion(v3, v3), false);
  const other = template({ key: 'closing', version: 4 });
  const after = withSaved([v2, other], v3);
  assert.deepEqual(after.map((t) => [t.key, t.version]), [['greeting', 3], ['closing', 4]]);
});

test('every template string exists in both languages', () => {
  for (const k of ['templates.menu', 'templates.hint', 'templates.admin.title', 'templates.admin.save', 'templates.history.title', 'pages.templates']) {
    assert.notEqual(translate('ja', k), translate('en', k), k);
  }
  assert.equal(translate('ja', 'templates.menu'), '定型文');
  assert.equal(translate('en', 'templates.menu'), 'Templates');
  assert.equal(translate('ja', 'pages.templates'), '定型文の管理');
});
