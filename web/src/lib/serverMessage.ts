// Server error messages read "日本語 / English"; show the half that matches the chosen language.
import type { Lang } from '../i18n';

export function localizeServerMessage(message: string, lang: Lang): string {
  const at = message.indexOf(' / ');
  if (at < 0) return message.trim();
  const half = lang === 'ja' ? message.slice(0, at) : message.slice(at + 3);
  return half.trim() || message.trim();
}
