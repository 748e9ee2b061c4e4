// The supervisor dashboard's data (GET /api/v1/dashboard): fetched on open, every 10 seconds, and
// shortly after stream events (at most one request per 2 seconds for a burst). A failed refresh
// keeps the last answer on screen and says so.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Dashboard } from '../api/types';
import { dashboardRefreshMs, refreshDelayMs } from '../lib/dashboard';
import type { Signal } from '../lib/signal';

export interface DashboardState {
  data: Dashboard | null;
  // The last refresh failed (the data, if any, is from an earlier one).
  error: unknown;
  refresh: () => void;
}

export function useDashboard(streamSignal: Signal): DashboardState {
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef<AbortController | null>(null);
  const again = useRef(false); // asked for while a request was running
  const lastStartedMs = useRef<number | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    const controller = new AbortController();
    inFlight.current = controller;
    lastStartedMs.current = Date.now();
    api.dashboard(controller.signal).then(
      (answer) => {
        setData(answer);
        setError(null);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) return; // back to login
        setError(e);
      },
    ).finally(() => {
      if (inFlight.current !== controller) return;
      inFlight.current = null;
      if (again.current) {
        again.current = false;
        refresh();
      }
    });
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, dashboardRefreshMs);
    return () => {
      clearInterval(timer);
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
      inFlight.current?.abort();
      inFlight.current = null;
    };
  }, [refresh]);

  useEffect(
    () =>
      streamSignal.subscribe(() => {
        if (pending.current) return; // one is already planned
        pending.current = setTimeout(() => {
          pending.current = null;
          refresh();
        }, refreshDelayMs(lastStartedMs.current, Date.now()));
      }),
    [streamSignal, refresh],
  );

  return { data, error, refresh };
}
