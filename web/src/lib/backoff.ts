// Reconnect delays for the live stream: exponential from 0.5 s, capped at 30 s, with ±20% jitter so
// that a room full of consoles does not reconnect in the same instant after a server restart.
export const reconnectDelayMsMin = 500;
export const reconnectDelayMsMax = 30_000;

export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 0), 16);
  const base = Math.min(reconnectDelayMsMax, reconnectDelayMsMin * 2 ** exponent);
  return Math.round(base * (0.8 + 0.4 * random()));
}
