// Loads LINE's OpenAPI files from the shared specs folder (beside the repo:
// /work/shared/specs/line-openapi when the repo is /work/main). Test-only:
// it uses the `yaml` dev dependency.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validateAgainst } from '../lib/schema-check.mjs';

export const SPEC_DIR = new URL('../../../../shared/specs/line-openapi/', import.meta.url);

const cache = new Map();
export function loadSpec(file) {
  if (!cache.has(file)) cache.set(file, parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')));
  return cache.get(file);
}

/** Asserts-style helper: returns the error list (empty when valid). */
export function schemaErrors(file, schemaName, value) {
  return validateAgainst(loadSpec(file), schemaName, value).errors;
}
