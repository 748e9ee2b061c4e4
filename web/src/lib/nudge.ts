// The reply nudge: when the person has waited `reply_nudge_minutes` for an answer, the console
// suggests 「少々お待ちください」 (the please_wait template). It only suggests; a human sends.
import type { Conversation, ConsoleSettings, TemplateKey } from '../api/types';
import { timeMs } from './time';

export const nudgeTemplateKey: TemplateKey = 'please_wait';

const minuteMs = 60_000;

// Due when the conversation is active and mine, someone is waiting for a reply, and they have
// waited at least the configured minutes (0 turns the nudge off). A blocked person would receive
// nothing, so there is nothing to suggest.
export function isReplyNudgeDue(
  c: Pick<Conversation, 'status' | 'assigned_staff_id' | 'awaiting_reply_since' | 'client_blocked'>,
  staffId: number,
  settings: Pick<ConsoleSettings, 'reply_nudge_minutes'>,
  nowMs: number,
): boolean {
  const minutes = settings.reply_nudge_minutes;
  if (!(minutes > 0)) return false;
  if (c.status !== 'active' || c.assigned_staff_id !== staffId || c.client_blocked) return false;
  const since = c.awaiting_reply_since ?? null; // a server from before the field sends nothing
  if (since === null) return false;
  const sinceMs = timeMs(since);
  if (sinceMs === 0) return false; // unparseable: do not guess
  return nowMs - sinceMs >= minutes * minuteMs;
}
