// Risk alerts and debrief flags on the console: the open alerts (REST on load and on every
// reconnect, then `risk.alert` frames), the banner of alerts that sounded, and the supervisors'
// debrief flags. One reducer, pure, unit-tested.
import type { Conversation, DebriefFlag, RiskAlert, RiskAlertView } from '../api/types';
import { timeMs } from './time';

export interface RiskState {
  // By alert id: the open alerts, plus acknowledged ones still shown in the banner.
  alerts: Record<number, RiskAlertView>;
  loaded: boolean;
  failed: boolean;
  // Alert ids that sounded and are not dismissed yet, newest first.
  banner: number[];
  debriefs: Record<number, DebriefFlag>;
  debriefsLoaded: boolean;
}

export type RiskAction =
  | { type: 'alertsLoaded'; alerts: RiskAlertView[] }
  | { type: 'alertsFailed' }
  | { type: 'alert'; alert: RiskAlert; conversation: Conversation; sound: boolean }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'dismiss'; alertId: number }
  | { type: 'dismissConversation'; conversationId: number }
  | { type: 'debriefsLoaded'; debriefs: DebriefFlag[] }
  | { type: 'debrief'; debrief: DebriefFlag };

export const initialRiskState: RiskState = {
  alerts: {},
  loaded: false,
  failed: false,
  banner: [],
  debriefs: {},
  debriefsLoaded: false,
};

export function isOpen(alert: RiskAlert): boolean {
  return alert.acknowledged_at === null || alert.acknowledged_at === undefined;
}

// Frames can overtake each other (the REST answer and the stream): an alert only moves forward.
// A later `last_at`, more grouped messages, or an acknowledgement is newer.
export function isNewerAlert(candidate: RiskAlert, current: RiskAlert): boolean {
  if (!isOpen(current) && isOpen(candidate)) return false; // acknowledging is final
  if (isOpen(current) && !isOpen(candidate)) return true;
  if (candidate.message_count !== current.message_count) return candidate.message_count > current.message_count;
  return timeMs(candidate.last_at) >= timeMs(current.last_at);
}

// Applies one alert: a conversation has at most one open alert, so a newer alert of the same
// conversation (opened after the previous one was acknowledged) replaces the older one.
function upsert(
  alerts: Record<number, RiskAlertView>,
  banner: number[],
  view: RiskAlertView,
): { alerts: Record<number, RiskAlertView>; banner: number[]; applied: boolean } {
  const current = alerts[view.id];
  if (current && !isNewerAlert(view, current)) {
    // Keep the conversation fresh even when the alert itself is an older copy.
    return { alerts: { ...alerts, [view.id]: { ...current, conversation: view.conversation } }, banner, applied: false };
  }
  const next: Record<number, RiskAlertView> = {};
  const dropped = new Set<number>();
  for (const [key, a] of Object.entries(alerts)) {
    const id = Number(key);
    if (id !== view.id && a.conversation_id === view.conversation_id && id < view.id) {
      dropped.add(id);
      continue;
    }
    next[id] = a;
  }
  next[view.id] = view;
  return {
    alerts: next,
    banner: dropped.size === 0 ? banner : banner.filter((id) => !dropped.has(id)),
    applied: true,
  };
}

export function riskReducer(state: RiskState, action: RiskAction): RiskState {
  switch (action.type) {
    case 'alertsLoaded': {
      // The server's list is the truth for open alerts; acknowledged ones stay only while they
      // are in the banner, so that the person sees what happened to them.
      const alerts: Record<number, RiskAlertView> = {};
      const listed = new Set<number>();
      for (const a of action.alerts) {
        // A frame that overtook this answer (a grouped message, an acknowledgement) is newer.
        const current = state.alerts[a.id];
        const keep = current !== undefined && !isNewerAlert(a, current);
        if (keep && !isOpen(current)) continue; // acknowledged meanwhile (kept below if in the banner)
        alerts[a.id] = keep ? { ...current, conversation: a.conversation } : a;
        listed.add(a.id);
      }
      for (const id of state.banner) {
        const old = state.alerts[id];
        if (old && !listed.has(id) && !isOpen(old)) alerts[id] = old;
      }
      const banner = state.banner.filter((id) => alerts[id] !== undefined);
      return { ...state, alerts, banner, loaded: true, failed: false };
    }
    case 'alertsFailed':
      return { ...state, failed: true };
    case 'alert': {
      const view: RiskAlertView = { ...action.alert, conversation: action.conversation };
      const { alerts, banner, applied } = upsert(state.alerts, state.banner, view);
      let nextBanner = banner;
      if (applied && action.sound && isOpen(view)) {
        nextBanner = [view.id, ...banner.filter((id) => id !== view.id)];
      }
      return { ...state, alerts, banner: nextBanner };
    }
    case 'conversation': {
      let changed = false;
      const alerts = { ...state.alerts };
      for (const a of Object.values(state.alerts)) {
        if (a.conversation_id === action.conversation.id) {
          alerts[a.id] = { ...a, conversation: action.conversation };
          changed = true;
        }
      }
      return changed ? { ...state, alerts } : state;
    }
    case 'dismiss': {
      if (!state.banner.includes(action.alertId)) return state;
      const banner = state.banner.filter((id) => id !== action.alertId);
      const alert = state.alerts[action.alertId];
      // An acknowledged alert was only kept for the banner.
      if (alert && !isOpen(alert)) {
        const alerts = { ...state.alerts };
        delete alerts[action.alertId];
        return { ...state, alerts, banner };
      }
      return { ...state, banner };
    }
    case 'dismissConversation': {
      let next = state;
      for (const id of state.banner) {
        if (state.alerts[id]?.conversation_id === action.conversationId) {
          next = riskReducer(next, { type: 'dismiss', alertId: id });
        }
      }
      return next;
    }
    case 'debriefsLoaded': {
      const debriefs: Record<number, DebriefFlag> = {};
      for (const d of action.debriefs) if (!d.cleared_at) debriefs[d.id] = d;
      return { ...state, debriefs, debriefsLoaded: true };
    }
    case 'debrief': {
      const debriefs = { ...state.debriefs };
      if (action.debrief.cleared_at) delete debriefs[action.debrief.id];
      else debriefs[action.debrief.id] = action.debrief;
      return { ...state, debriefs };
    }
  }
}

// The alert list panel: open alerts, highest level first, then the most recent.
export function openAlerts(state: RiskState): RiskAlertView[] {
  return Object.values(state.alerts)
    .filter(isOpen)
    .sort((a, b) => b.level - a.level || timeMs(b.last_at) - timeMs(a.last_at) || b.id - a.id);
}

export function bannerAlerts(state: RiskState): RiskAlertView[] {
  const out: RiskAlertView[] = [];
  for (const id of state.banner) {
    const a = state.alerts[id];
    if (a) out.push(a);
  }
  return out;
}

// The open alert of one conversation, if any.
export function openAlertFor(state: RiskState, conversationId: number): RiskAlertView | undefined {
  return Object.values(state.alerts).find((a) => a.conversation_id === conversationId && isOpen(a));
}

export function openDebriefs(state: RiskState): DebriefFlag[] {
  return Object.values(state.debriefs).sort((a, b) => timeMs(a.flagged_at) - timeMs(b.flagged_at) || a.id - b.id);
}
