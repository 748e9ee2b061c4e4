import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  byteSpansToStringRanges,
  categoriesLabel,
  clampLevel,
  highlightSegments,
  levelLabel,
  markKind,
} from '../src/lib/risk.ts';
import { translate } from '../src/i18n.ts';

const enc = new TextEncoder();
// The byte span of `needle` in `text`, as the server computes it (UTF-8 offsets).
function byteSpan(text, needle) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${text}`);
  const begin = enc.encode(text.slice(0, at)).length;
  return [begin, begin + enc.encode(needle).length];
}
const marked = (segments) => segments.filter((s) => s.marked).map((s) => s.text);
const joined = (segments) => segments.map((s) => s.text).join('');

test('Japanese: the server span of 「もう死にたい」 marks 死にたい', () => {
  const text = 'もう死にたい';
  // What the server sends for this message (see the e2e test): 6..18
  assert.deepEqual(byteSpan(text, '死にたい'), [6, 18]);
  assert.deepEqual(byteSpansToStringRanges(text, [[6, 18]]), [[2, 6]]);
  const segments = highlightSegments(text, [[6, 18]]);
  assert.deepEqual(segments, [
    { text: 'もう', marked: false },
    { text: '死にたい', marked: true },
  ]);
});

test('Japanese: 「今から飛び降りる」 span 9..24 is 飛び降りる', () => {
  const segments = highlightSegments('今から飛び降りる', [[9, 24]]);
  assert.deepEqual(marked(segments), ['飛び降りる']);
  assert.equal(joined(segments), '今から飛び降りる');
});

test('emoji (4 bytes, 2 UTF-16 units) before and inside a span', () => {
  const text = '😢😢もう消えたい🙏 ok';
  const span = byteSpan(text, '消えたい');
  assert.deepEqual(marked(highlightSegments(text, [span])), ['消えたい']);
  // A span covering an emoji keeps the surrogate pair whole.
  const withEmoji = byteSpan(text, '消えたい🙏');
  assert.deepEqual(marked(highlightSegments(text, [withEmoji])), ['消えたい🙏']);
  // The ranges are string (UTF-16) indexes.
  assert.deepEqual(byteSpansToStringRanges(text, [span]), [[text.indexOf('消'), text.indexOf('🙏')]]);
});

test('mixed ASCII, 2-byte, 3-byte and 4-byte characters', () => {
  const text = 'aé死𠮷x死にたい';
  assert.equal(enc.encode(text).length, 1 + 2 + 3 + 4 + 1 + 12);
  assert.deepEqual(marked(highlightSegments(text, [byteSpan(text, '𠮷')])), ['𠮷']);
  assert.deepEqual(marked(highlightSegments(text, [byteSpan(text, '死にたい')])), ['死にたい']);
  assert.deepEqual(marked(highlightSegments(text, [byteSpan(text, 'é')])), ['é']);
});

test('a span that cuts a character in half is widened to the whole character', () => {
  const text = 'もう死にたい';
  // 7 is inside 死 (bytes 6..9), 16 inside い (15..18)
  assert.deepEqual(marked(highlightSegments(text, [[7, 16]])), ['死にたい']);
  const emoji = 'x😀y';
  assert.deepEqual(marked(highlightSegments(emoji, [[2, 3]])), ['😀']);
});

test('spans past the end are cut; empty, reversed and junk spans are dropped', () => {
  const text = 'もう死にたい';
  assert.deepEqual(marked(highlightSegments(text, [[6, 999]])), ['死にたい']);
  assert.deepEqual(byteSpansToStringRanges(text, [[18, 30]]), []);
  assert.deepEqual(byteSpansToStringRanges(text, [[9, 9], [9, 6], [NaN, 3], ['a', 'b'], [3]]), []);
  assert.deepEqual(byteSpansToStringRanges('', [[0, 3]]), []);
  assert.deepEqual(byteSpansToStringRanges(text, null), []);
});

test('several spans: sorted, overlapping and touching ones merged, text kept whole', () => {
  const text = '死にたい、リスカした。死にたい';
  const a = byteSpan(text, 'リスカ');
  const b = [0, 12]; // 死にたい
  const c = [enc.encode('死にたい、リスカした。').length, enc.encode(text).length];
  const segments = highlightSegments(text, [c, a, b]);
  assert.deepEqual(marked(segments), ['死にたい', 'リスカ', '死にたい']);
  assert.equal(joined(segments), text);
  // touching spans merge into one
  assert.deepEqual(byteSpansToStringRanges(text, [[0, 6], [6, 12]]), [[0, 4]]);
  assert.deepEqual(byteSpansToStringRanges(text, [[0, 9], [3, 12]]), [[0, 4]]);
});

test('no spans: one plain segment', () => {
  assert.deepEqual(highlightSegments('こんにちは', []), [{ text: 'こんにちは', marked: false }]);
  assert.deepEqual(highlightSegments('', [[0, 1]]), [{ text: '', marked: false }]);
});

test('mark kind: risk, a subtle signal, or nothing', () => {
  assert.equal(markKind(null), null);
  assert.equal(markKind({ level: 1, categories: ['ideation'], signals: [], spans: [[0, 3]], reasons: [] }), 'risk');
  assert.equal(markKind({ level: 0, categories: ['bullying'], signals: [], spans: [[0, 3]], reasons: [] }), 'risk');
  assert.equal(markKind({ level: 0, categories: [], signals: ['ideation'], spans: [[0, 3]], reasons: [] }), 'signal');
});

test('labels: levels and categories in both languages, unknown codes shown as they are', () => {
  const ja = (k, v) => translate('ja', k, v);
  const en = (k, v) => translate('en', k, v);
  assert.equal(levelLabel(3, ja), 'レベル3 切迫');
  assert.equal(levelLabel(1, en), 'Level 1 Ideation');
  assert.equal(levelLabel(9, ja), 'レベル3 切迫');
  assert.equal(clampLevel(undefined), 0);
  assert.equal(categoriesLabel(['ideation', 'plan_means', 'new_code'], ja), '希死念慮・計画・手段・new_code');
});
