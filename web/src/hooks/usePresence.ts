// Presence (POST /api/v1/presence): while the console is open, report 受付中 (online) or 離席
// (away) every `presence_heartbeat_seconds`, and at once when the choice changes. A failed beat is
// not shown to anyone: the next one tries again, and the server only counts someone offline
// after `presence_timeout_seconds` without a beat.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { ConsoleSettings, PresenceStatus, Staff } from '../api/types';
import { loadPresence, savePresence } from '../lib/presence';
import { heartbeatIntervalMs } from '../lib/settings';

export interface PresenceApi {
  status: PresenceStatus;
  setStatus: (status: PresenceStatus) => void;
}

export function usePresence(staff: Staff, settings: ConsoleSettings): PresenceApi {
  const [status, setStatusState] = useState<PresenceStatus>(() => loadPresence(staff.id));
  const intervalMs = heartbeatIntervalMs(settings);

  // Restarts on a change of status, so the new one is reported at once and the beats follow it.
  useEffect(() => {
    const beat = () => {
      api.reportPresence(status).catch(() => {});
    };
    beat();
    const timer = setInterval(beat, intervalMs);
    return () => clearInterval(timer);
  }, [status, intervalMs]);

  const setStatus = useCallback(
    (next: PresenceStatus) => {
      savePresence(staff.id, next);
      setStatusState(next);
    },
    [staff.id],
  );

  return { status, setStatus };
}
