// The wrap-up written when closing a conversation (docs/api.md, core/wrap_up.h): the dialog's
// draft, the request it sends, the server's reasons on a 400, and labels for the closed view.
// Pure functions only; the server decides what is valid.
import { ApiError } from '../api/client';
import type { Conversation, WrapUp, WrapUpChoice, WrapUpOptions, WrapUpRequest } from '../api/types';
import type { Lang } from '../i18n';
import { localizeServerMessage } from './serverMessage';
import { clampLevel } from './risk';

export interface WrapUpDraft {
  topics: readonly string[]; // in the order they were ticked
  riskLevel: 0 | 1 | 2 | 3;
  outcome: string; // '' until chosen
  summary: string;
}

// A human decides the level; the dialog starts from the analyzer's suggestion for the whole
// conversation.
export function initialDraft(conversation: Pick<Conversation, 'risk_level'>): WrapUpDraft {
  return { topics: [], riskLevel: clampLevel(conversation.risk_level), outcome: '', summary: '' };
}

export function toggleTopic(draft: WrapUpDraft, code: string): WrapUpDraft {
  const topics = draft.topics.includes(code)
    ? draft.topics.filter((c) => c !== code)
    : [...draft.topics, code];
  return { ...draft, topics };
}

// The request body. The summary is sent as written (an empty one means "no summary"); a blank
// one is sent empty, so that whitespace is not stored as a summary.
export function toRequest(draft: WrapUpDraft): WrapUpRequest {
  const request: WrapUpRequest = {
    topics: [...draft.topics],
    risk_level: draft.riskLevel,
    outcome: draft.outcome as WrapUpRequest['outcome'],
  };
  request.summary = draft.summary.trim() === '' ? '' : draft.summary;
  return request;
}

// Characters as the server counts them (code points, not UTF-16 units).
export function summaryLength(summary: string): number {
  return Array.from(summary).length;
}

// The lines to show for a failed close: every reason the server gave (in the chosen language),
// else its one message. Empty for anything that is not a refusal of the wrap-up.
export function reasonLines(error: unknown, lang: Lang): string[] {
  if (!(error instanceof ApiError) || error.code !== 'invalid_argument') return [];
  if (error.reasons.length > 0) return error.reasons.map((r) => localizeServerMessage(r, lang));
  return error.message ? [localizeServerMessage(error.message, lang)] : [];
}

export function choiceLabel(choice: WrapUpChoice, lang: Lang): string {
  return lang === 'ja' ? choice.label_ja : choice.label_en;
}

// A stored code's label; a code the current list no longer has is shown as it is.
export function labelOf(code: string, choices: readonly WrapUpChoice[], lang: Lang): string {
  const found = choices.find((c) => c.code === code);
  return found ? choiceLabel(found, lang) : code;
}

export function topicLabels(wrapUp: Pick<WrapUp, 'topics'>, options: WrapUpOptions | null, lang: Lang): string[] {
  return wrapUp.topics.map((code) => labelOf(code, options?.topics ?? [], lang));
}
