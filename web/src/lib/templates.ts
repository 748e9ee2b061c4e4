// Templates in the reply box (GET /api/v1/conversations/{id}/templates): the menu's order, the
// Alt+digit shortcuts, and inserting a body into the composer. Pure functions only; nothing here
// sends anything.
import type { RenderedTemplate, TemplateKey } from '../api/types';
import type { Lang } from '../i18n';

export const shortcutMin = 1;
export const shortcutMax = 9;

// The menu lists templates by their shortcut (1 first), then by key for a stable order.
export function menuOrder(templates: readonly RenderedTemplate[]): RenderedTemplate[] {
  return [...templates].sort((a, b) => a.shortcut - b.shortcut || a.key.localeCompare(b.key));
}

export interface ShortcutKeyEvent {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  code: string;
}

// Alt+1..Alt+9 (the digit row or the keypad), without other modifiers. `code` names the physical
// key: on a Mac, Option+1 types "¡", so `key` cannot be used.
export function shortcutOfKey(event: ShortcutKeyEvent): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  return match ? Number(match[1]) : null;
}

// The template a shortcut inserts; if a misconfigured program gives two the same digit, the
// first in menu order wins, as the menu shows it first.
export function templateForShortcut(
  templates: readonly RenderedTemplate[],
  shortcut: number,
): RenderedTemplate | null {
  return menuOrder(templates).find((t) => t.shortcut === shortcut) ?? null;
}

export function templateForKey(templates: readonly RenderedTemplate[], key: TemplateKey): RenderedTemplate | null {
  return templates.find((t) => t.key === key) ?? null;
}

export function templateName(template: Pick<RenderedTemplate, 'name_ja' | 'name_en'>, lang: Lang): string {
  return (lang === 'ja' ? template.name_ja : template.name_en) || template.name_ja || template.name_en;
}

// What the menu shows for a shortcut: "Alt+1", or "⌥1" on a Mac, where the key is labelled Option.
export function shortcutLabel(shortcut: number, mac: boolean): string {
  return mac ? `⌥${shortcut}` : `Alt+${shortcut}`;
}

// The value of aria-keyshortcuts, which names keys the same way on every platform.
export function ariaShortcut(shortcut: number): string {
  return `Alt+${shortcut}`;
}

// Puts `inserted` where the caret is, replacing any selection, and says where the caret goes
// next (after the inserted text). Out-of-range positions (a stale selection) are clamped.
export function insertText(
  text: string,
  selectionStart: number,
  selectionEnd: number,
  inserted: string,
): { text: string; caret: number } {
  const clamp = (n: number) => Math.min(Math.max(Number.isFinite(n) ? n : text.length, 0), text.length);
  const start = clamp(Math.min(selectionStart, selectionEnd));
  const end = clamp(Math.max(selectionStart, selectionEnd));
  return { text: text.slice(0, start) + inserted + text.slice(end), caret: start + inserted.length };
}
