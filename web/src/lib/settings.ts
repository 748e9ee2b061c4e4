// The console's settings from the server (SessionResponse.settings, values of the server's
// config): the reply nudge and the presence heartbeat. A server from before these existed sends
// none, and a misconfigured one may send nonsense; the console then falls back to safe values
// instead of nudging every second or flooding the server with heartbeats.
import type { ConsoleSettings } from '../api/types';

export const consoleSettingsDefault: ConsoleSettings = {
  reply_nudge_minutes: 0, // off: without the server's word, do not nudge
  presence_heartbeat_seconds: 30,
  presence_timeout_seconds: 90,
};

// A heartbeat more often than this would load the server for nothing.
export const presenceHeartbeatSecondsMin = 5;
export const presenceHeartbeatSecondsMax = 3600;

function wholeNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : null;
}

export function normalizeSettings(raw: unknown): ConsoleSettings {
  const given = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof ConsoleSettings, unknown>>;
  return {
    reply_nudge_minutes: wholeNumber(given.reply_nudge_minutes) ?? consoleSettingsDefault.reply_nudge_minutes,
    presence_heartbeat_seconds:
      wholeNumber(given.presence_heartbeat_seconds) ?? consoleSettingsDefault.presence_heartbeat_seconds,
    presence_timeout_seconds:
      wholeNumber(given.presence_timeout_seconds) ?? consoleSettingsDefault.presence_timeout_seconds,
  };
}

// How often to report presence. Kept within [min, max], and below half the timeout when the
// timeout is set: a heartbeat slower than the timeout would show the person offline between beats.
export function heartbeatIntervalMs(settings: ConsoleSettings): number {
  let seconds = settings.presence_heartbeat_seconds;
  if (!(seconds > 0)) seconds = consoleSettingsDefault.presence_heartbeat_seconds;
  if (settings.presence_timeout_seconds > 0) seconds = Math.min(seconds, settings.presence_timeout_seconds / 2);
  seconds = Math.min(Math.max(seconds, presenceHeartbeatSecondsMin), presenceHeartbeatSecondsMax);
  return Math.round(seconds * 1000);
}
