// The admin's scenario reload (POST /api/v1/admin/scenarios/reload, docs/scenarios.md): what the
// dialog shows for an answer or a failure. Pure functions only.
import { ApiError } from '../api/client';
import type { ScenarioReload, ScenarioReloadResult } from '../api/types';

export type ReloadOutcome =
  | { kind: 'result'; ok: boolean; scenarios: ScenarioReloadResult[] }
  // 404: no program has a scenario.
  | { kind: 'none' }
  | { kind: 'error'; error: unknown };

// 200 and 422 both carry the per-program results; `ok` is false when any file had errors.
export function outcomeOfAnswer(answer: ScenarioReload): ReloadOutcome {
  const scenarios = Array.isArray(answer.scenarios) ? answer.scenarios : [];
  return { kind: 'result', ok: answer.ok === true && scenarios.every((s) => s.ok), scenarios };
}

export function outcomeOfError(error: unknown): ReloadOutcome {
  if (error instanceof ApiError && error.status === 404) return { kind: 'none' };
  return { kind: 'error', error };
}

// A file's errors, one per line as the server wrote them ("file:line: reason").
export function errorLines(result: Pick<ScenarioReloadResult, 'errors'>): string[] {
  return Array.isArray(result.errors) ? result.errors.filter((e) => typeof e === 'string' && e !== '') : [];
}
