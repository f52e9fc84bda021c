/**
 * OPA's YAML conformance cases: loading and the case model. The field meanings are
 * described in ../shared/conformance/README.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** One conformance case as written in the YAML files. */
export interface ConformanceCase {
  readonly note: string;
  readonly query: string;
  readonly modules: readonly string[];
  readonly data?: unknown;
  /** Present when the case sets `input:` (even to null). */
  readonly hasInput: boolean;
  readonly input?: unknown;
  readonly inputTerm?: string;
  /** Absent when the case expects an error. */
  readonly wantResult?: readonly Record<string, unknown>[];
  readonly sortBindings: boolean;
  readonly wantErrorCode?: string;
  readonly wantError?: string;
  readonly strictError: boolean;
  /** The category folder (e.g. `aggregates`) and the file relative to the corpus root. */
  readonly category: string;
  readonly file: string;
}

/** Every `*.yaml`/`*.yml` file under `dir`, sorted for a stable order. */
export function findCaseFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(p);
    }
  };
  if (statSync(dir).isDirectory()) walk(dir);
  else out.push(dir);
  return out;
}

/** Loads the cases of one file. Malformed files yield a load error instead of throwing. */
export function loadCaseFile(root: string, file: string): { cases: ConformanceCase[]; error?: string } {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'), { intAsBigInt: false, uniqueKeys: false });
  } catch (e) {
    return { cases: [], error: `${file}: ${(e as Error).message}` };
  }
  const list = (doc as { cases?: unknown })?.cases;
  if (!Array.isArray(list)) return { cases: [], error: `${file}: no "cases" list` };
  const rel = relative(root, file).split(sep).join('/');
  const category = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : rel.replace(/\.ya?ml$/, '');
  return { cases: list.map((raw) => toCase(raw as Record<string, unknown>, category, rel)) };
}

function toCase(raw: Record<string, unknown>, category: string, file: string): ConformanceCase {
  const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
  return {
    note: str(raw.note) ?? `${file}#?`,
    query: str(raw.query) ?? '',
    modules: Array.isArray(raw.modules) ? raw.modules.map(String) : [],
    data: raw.data,
    hasInput: Object.prototype.hasOwnProperty.call(raw, 'input'),
    input: raw.input,
    inputTerm: str(raw.input_term),
    wantResult: Array.isArray(raw.want_result) ? (raw.want_result as Record<string, unknown>[]) : undefined,
    sortBindings: raw.sort_bindings === true,
    wantErrorCode: str(raw.want_error_code),
    wantError: str(raw.want_error),
    strictError: raw.strict_error === true,
    category,
    file,
  };
}
