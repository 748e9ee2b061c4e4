// Risk display helpers (docs/risk.md): level and category labels, and turning the analyzer's
// byte spans into string ranges for highlighting. Pure functions only.
import type { Conversation, MessageRisk, RiskCategory } from '../api/types';
import type { MessageKey, Translate } from '../i18n';

export const riskLevelKeys: Record<0 | 1 | 2 | 3, MessageKey> = {
  0: 'risk.level.0',
  1: 'risk.level.1',
  2: 'risk.level.2',
  3: 'risk.level.3',
};

export const riskCategoryKeys: Record<RiskCategory, MessageKey> = {
  ideation: 'risk.cat.ideation',
  plan_means: 'risk.cat.plan_means',
  self_harm: 'risk.cat.self_harm',
  abuse_family: 'risk.cat.abuse_family',
  sexual: 'risk.cat.sexual',
  bullying: 'risk.cat.bullying',
  runaway: 'risk.cat.runaway',
  crime_victim: 'risk.cat.crime_victim',
};

// Levels outside 0..3 (a newer server) are shown as the nearest known one.
export function clampLevel(level: number | null | undefined): 0 | 1 | 2 | 3 {
  if (typeof level !== 'number' || !(level > 0)) return 0;
  return Math.min(3, Math.floor(level)) as 0 | 1 | 2 | 3;
}

export function levelLabel(level: number, t: Translate): string {
  const l = clampLevel(level);
  return t('risk.badge', { level: l, label: t(riskLevelKeys[l]) });
}

// Unknown codes are shown as they are.
export function categoryLabel(code: string, t: Translate): string {
  const key = (riskCategoryKeys as Record<string, MessageKey | undefined>)[code];
  return key ? t(key) : code;
}

export function categoriesLabel(codes: readonly string[] | null | undefined, t: Translate, separator = '・'): string {
  return (codes ?? []).map((c) => categoryLabel(c, t)).join(separator);
}

export function conversationRiskLevel(c: Pick<Conversation, 'risk_level'>): 0 | 1 | 2 | 3 {
  return clampLevel(c.risk_level);
}

// The number of UTF-8 bytes TextEncoder writes for one code point (a lone surrogate becomes
// U+FFFD, 3 bytes).
function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

export type StringRange = [begin: number, end: number];

// Converts [begin, end) byte offsets into the UTF-8 encoding of `text` (as the server sends
// them, the same bytes `new TextEncoder().encode(text)` gives) into [begin, end) indexes of the
// JavaScript string (UTF-16 code units). A span that starts or ends inside a character is widened
// to the whole character; spans past the end are cut at the end; empty, reversed or malformed
// spans are dropped; overlapping or touching ranges are merged. The result is sorted.
export function byteSpansToStringRanges(text: string, spans: readonly (readonly number[])[] | null | undefined): StringRange[] {
  if (!spans || spans.length === 0 || text.length === 0) return [];
  // byteStarts[i]: the byte offset where the i-th code point starts; unitStarts[i]: its string index.
  const byteStarts: number[] = [];
  const unitStarts: number[] = [];
  let bytes = 0;
  let units = 0;
  for (const ch of text) {
    byteStarts.push(bytes);
    unitStarts.push(units);
    bytes += utf8Length(ch.codePointAt(0) ?? 0xfffd);
    units += ch.length;
  }
  const totalBytes = bytes;
  // The index of the code point that contains byte `offset` (0 <= offset < totalBytes).
  const containing = (offset: number): number => {
    let lo = 0;
    let hi = byteStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((byteStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const ranges: StringRange[] = [];
  for (const span of spans) {
    const b = span[0];
    const e = span[1];
    if (typeof b !== 'number' || typeof e !== 'number' || !Number.isFinite(b) || !Number.isFinite(e)) continue;
    const begin = Math.max(0, Math.floor(b));
    const end = Math.min(totalBytes, Math.ceil(e));
    if (end <= begin || begin >= totalBytes) continue;
    const first = containing(begin);
    const last = containing(end - 1);
    const lastStart = unitStarts[last] ?? 0;
    const lastLength = (last + 1 < unitStarts.length ? (unitStarts[last + 1] ?? units) : units) - lastStart;
    ranges.push([unitStarts[first] ?? 0, lastStart + lastLength]);
  }
  ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: StringRange[] = [];
  for (const r of ranges) {
    const top = merged[merged.length - 1];
    if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export interface TextSegment {
  text: string;
  marked: boolean;
}

// Splits `text` into plain and marked pieces (in order, never empty, joining back to `text`).
export function highlightSegments(text: string, spans: readonly (readonly number[])[] | null | undefined): TextSegment[] {
  const ranges = byteSpansToStringRanges(text, spans);
  const out: TextSegment[] = [];
  let at = 0;
  for (const [begin, end] of ranges) {
    if (begin > at) out.push({ text: text.slice(at, begin), marked: false });
    out.push({ text: text.slice(begin, end), marked: true });
    at = end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), marked: false });
  return out;
}

// How strongly a message's spans are shown: 'risk' when a category or level was suggested,
// 'signal' when the matches were only negated, exaggerated or reported (a subtle hint), or
// null when there is nothing to mark.
export function markKind(risk: MessageRisk | null | undefined): 'risk' | 'signal' | null {
  if (!risk) return null;
  if (risk.level > 0 || risk.categories.length > 0) return 'risk';
  if (risk.signals.length > 0 || risk.spans.length > 0) return 'signal';
  return null;
}
