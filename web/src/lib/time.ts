// Time display. The server sends UTC; staff work in Japan, so clock times are shown in
// Asia/Tokyo whatever the machine's own time zone is.
import { locales, type Lang, type Translate } from '../i18n';

export const displayTimeZone = 'Asia/Tokyo';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

export function timeMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

// "たった今", "5分前", "3時間前", "2日前", then the date ("11月20日").
export function relativeTime(iso: string, nowMs: number, lang: Lang, t: Translate): string {
  const elapsedMs = nowMs - timeMs(iso);
  if (elapsedMs < minuteMs) return t('time.justNow'); // includes small clock skew into the future
  if (elapsedMs < hourMs) return t('time.minutesAgo', { n: Math.floor(elapsedMs / minuteMs) });
  if (elapsedMs < dayMs) return t('time.hoursAgo', { n: Math.floor(elapsedMs / hourMs) });
  if (elapsedMs < 7 * dayMs) return t('time.daysAgo', { n: Math.floor(elapsedMs / dayMs) });
  return formatShortDate(iso, lang);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, kind: 'clock' | 'seconds' | 'short' | 'day' | 'full' | 'key'): Intl.DateTimeFormat {
  const id = `${lang}:${kind}`;
  let f = formatters.get(id);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone: displayTimeZone };
    const options: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      clock: { ...base, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      seconds: { ...base, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
      short: { ...base, month: 'short', day: 'numeric' },
      day: { ...base, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' },
      full: {
        ...base,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      },
      key: { ...base, year: 'numeric', month: '2-digit', day: '2-digit' },
    };
    f = new Intl.DateTimeFormat(kind === 'key' ? 'en-CA' : locales[lang], options[kind]);
    formatters.set(id, f);
  }
  return f;
}

// "15:33"
export function formatClock(iso: string, lang: Lang): string {
  return formatter(lang, 'clock').format(timeMs(iso));
}

// "15:33:07", for what refreshes every few seconds (the dashboard's last update)
export function formatClockSeconds(iso: string, lang: Lang): string {
  return formatter(lang, 'seconds').format(timeMs(iso));
}

// "11月20日" / "Nov 20"
export function formatShortDate(iso: string, lang: Lang): string {
  return formatter(lang, 'short').format(timeMs(iso));
}

// "2026年11月26日(木)" / "Thu, November 26, 2026"
export function formatDay(iso: string, lang: Lang): string {
  return formatter(lang, 'day').format(timeMs(iso));
}

// For title attributes: "2026/11/26 15:33:00"
export function formatFull(iso: string, lang: Lang): string {
  return formatter(lang, 'full').format(timeMs(iso));
}

// The calendar day in Tokyo ("2026-11-26"), for grouping messages by day.
export function tokyoDayKey(iso: string): string {
  return formatter('en', 'key').format(timeMs(iso));
}
