// Risk alerts and debrief flags: loaded over REST on start and on every (re)connection, then kept
// current by `risk.alert` / `staff.debrief` frames; sounds the alert beep for new or escalated
// alerts. Also counts `conversation.updated` frames per conversation, so that panels showing a
// conversation (the emergency checklist) know when to reload.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { RiskAlertView, Staff, StreamEvent } from '../api/types';
import { api, ApiError } from '../api/client';
import { initialRiskState, riskReducer, type RiskState } from '../lib/riskAlerts';
import { playAlertBeep, unlockAudio } from '../lib/sound';

export interface StreamHooks {
  onEvent: (event: StreamEvent) => void;
  onSynced: () => void;
}

export interface RiskApi {
  state: RiskState;
  stream: StreamHooks;
  // conversation id → number of conversation.updated frames seen (a change counter)
  revisions: Record<number, number>;
  acknowledge: (alertId: number) => Promise<RiskAlertView>;
  dismiss: (alertId: number) => void;
  dismissConversation: (conversationId: number) => void;
  clearDebrief: (id: number) => Promise<void>;
  reloadAlerts: () => void;
  isSupervisor: boolean;
}

export function useRisk(staff: Staff): RiskApi {
  const [state, dispatch] = useReducer(riskReducer, initialRiskState);
  const [revisions, setRevisions] = useState<Record<number, number>>({});
  const isSupervisor = staff.role === 'supervisor';

  const reloadAlerts = useCallback(() => {
    api.riskAlerts().then(
      (alerts) => dispatch({ type: 'alertsLoaded', alerts }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return;
        dispatch({ type: 'alertsFailed' });
      },
    );
  }, []);

  const reloadDebriefs = useCallback(() => {
    if (!isSupervisor) return;
    api.debriefs().then(
      (debriefs) => dispatch({ type: 'debriefsLoaded', debriefs }),
      () => {}, // the panel keeps what it has; the next reconnect tries again
    );
  }, [isSupervisor]);

  const resync = useCallback(() => {
    reloadAlerts();
    reloadDebriefs();
  }, [reloadAlerts, reloadDebriefs]);

  // First load, without waiting for the stream.
  useEffect(() => resync(), [resync]);

  // Browsers allow audio only after a user gesture: any click or key press unlocks it.
  useEffect(() => {
    const unlock = () => unlockAudio();
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  // A counselor sees the alerts of their own conversations: when one with a risk level becomes
  // theirs (they took it), fetch its open alert, which no frame will bring.
  const stateRef = useRef(state);
  stateRef.current = state;
  const adopt = useCallback(
    (c: { id: number; assigned_staff_id: number | null; risk_level: number }) => {
      if (isSupervisor || c.assigned_staff_id !== staff.id || !(c.risk_level > 0)) return;
      if (Object.values(stateRef.current.alerts).some((a) => a.conversation_id === c.id)) return;
      reloadAlerts();
    },
    [isSupervisor, staff.id, reloadAlerts],
  );

  const onEvent = useCallback((event: StreamEvent) => {
    switch (event.type) {
      case 'risk.alert':
        dispatch({ type: 'alert', alert: event.alert, conversation: event.conversation, sound: event.sound });
        if (event.sound && !event.alert.acknowledged_at) playAlertBeep();
        break;
      case 'staff.debrief':
        dispatch({ type: 'debrief', debrief: event.debrief });
        if (event.sound && !event.debrief.cleared_at) playAlertBeep();
        break;
      case 'conversation.updated': {
        const id = event.conversation.id;
        dispatch({ type: 'conversation', conversation: event.conversation });
        setRevisions((r) => ({ ...r, [id]: (r[id] ?? 0) + 1 }));
        adopt(event.conversation);
        break;
      }
      case 'message.created':
      case 'message.updated':
        dispatch({ type: 'conversation', conversation: event.conversation });
        break;
      default:
        break;
    }
  }, [adopt]);

  const resyncRef = useRef(resync);
  resyncRef.current = resync;
  const stream = useMemo<StreamHooks>(() => ({ onEvent, onSynced: () => resyncRef.current() }), [onEvent]);

  const acknowledge = useCallback(
    async (alertId: number) => {
      try {
        const alert = await api.acknowledgeAlert(alertId);
        dispatch({ type: 'alert', alert, conversation: alert.conversation, sound: false });
        return alert;
      } catch (error) {
        // Someone else acknowledged it first (409), or it is gone (404): catch up.
        if (error instanceof ApiError && (error.code === 'conflict' || error.code === 'not_found')) reloadAlerts();
        throw error;
      }
    },
    [reloadAlerts],
  );

  const clearDebrief = useCallback(
    async (id: number) => {
      try {
        await api.clearDebrief(id);
        const flag = state.debriefs[id];
        if (flag) dispatch({ type: 'debrief', debrief: { ...flag, cleared_at: new Date().toISOString() } });
      } catch (error) {
        reloadDebriefs();
        throw error;
      }
    },
    [state.debriefs, reloadDebriefs],
  );

  const dismiss = useCallback((alertId: number) => dispatch({ type: 'dismiss', alertId }), []);
  const dismissConversation = useCallback(
    (conversationId: number) => dispatch({ type: 'dismissConversation', conversationId }),
    [],
  );

  return {
    state,
    stream,
    revisions,
    acknowledge,
    dismiss,
    dismissConversation,
    clearDebrief,
    reloadAlerts,
    isSupervisor,
  };
}
