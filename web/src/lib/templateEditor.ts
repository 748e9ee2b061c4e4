// The admin's template editor (GET/POST /api/v1/admin/templates/...): grouping by program, the
// variables a body uses, what to check before saving, and the version history. Pure functions
// only; the server decides what is valid (400 with reasons).
import type { Template, TemplateKey } from '../api/types';

// A body is 1–5000 characters (code points, as the server counts them).
export const templateBodyCharsMax = 5000;

// The contract's order of keys: staff templates first (as the reply box shows them), then system ones.
const keyOrder: readonly TemplateKey[] = [
  'greeting',
  'please_wait',
  'closing',
  'out_of_hours',
  'emergency',
  'idle_checkin',
  'idle_close',
  'closing_warning',
  'closing_time',
  'queue_update',
];

function keyRank(key: string): number {
  const at = (keyOrder as readonly string[]).indexOf(key);
  return at < 0 ? keyOrder.length : at;
}

export function templateId(t: Pick<Template, 'program' | 'key'>): string {
  return `${t.program}/${t.key}`;
}

export interface ProgramTemplates {
  program: string;
  templates: Template[];
}

// Programs by key; inside each, staff templates before system ones, then the contract's order.
export function groupByProgram(templates: readonly Template[]): ProgramTemplates[] {
  const groups = new Map<string, Template[]>();
  for (const t of templates) {
    const list = groups.get(t.program) ?? [];
    list.push(t);
    groups.set(t.program, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([program, list]) => ({
      program,
      templates: list.sort(
        (a, b) =>
          Number(a.use === 'system') - Number(b.use === 'system') ||
          keyRank(a.key) - keyRank(b.key) ||
          a.key.localeCompare(b.key),
      ),
    }));
}

// The names of the `{{variables}}` a body uses, each once, in order of first use.
export function usedVariables(body: string): string[] {
  const names: string[] = [];
  for (const match of body.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
    const name = match[1] ?? '';
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

export function unknownVariables(body: string, allowed: readonly string[]): string[] {
  return usedVariables(body).filter((name) => !allowed.includes(name));
}

export function bodyLength(body: string): number {
  return Array.from(body).length;
}

export type BodyProblem = 'empty' | 'too_long' | 'unknown_variables' | null;

// What to tell the admin before a save: nothing when the server would likely accept it.
export function bodyProblem(body: string, allowed: readonly string[]): BodyProblem {
  if (body.trim() === '') return 'empty';
  if (bodyLength(body) > templateBodyCharsMax) return 'too_long';
  if (unknownVariables(body, allowed).length > 0) return 'unknown_variables';
  return null;
}

// The history, newest first, whatever order it came in.
export function newestFirst(versions: readonly Template[]): Template[] {
  return [...versions].sort((a, b) => b.version - a.version);
}

// The same body as the latest version adds no version: the answer then carries the old number.
export function isNewVersion(previous: Pick<Template, 'version'>, saved: Pick<Template, 'version'>): boolean {
  return saved.version > previous.version;
}

// The list after a save: the saved version replaces that template's entry.
export function withSaved(templates: readonly Template[], saved: Template): Template[] {
  const id = templateId(saved);
  return templates.map((t) => (templateId(t) === id ? saved : t));
}
