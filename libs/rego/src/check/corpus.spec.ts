/**
 * Every module set of OPA's conformance corpus (../shared/conformance/opa-v1) goes through the parser
 * and the check passes. Cases that expect a compile-time error (`rego_*` codes) must report that code;
 * every other case must check without errors (run-time errors such as eval_type_error are the
 * evaluator's business, so the checker must accept those policies). Modules that need v0 syntax are
 * parsed with regoVersion 0.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatDiagnostics } from '../diagnostics';
import type { Module, Query } from '../syntax/ast';
import { parseModule, parseQuery } from '../syntax/parse';
import { checkProgram } from './check';
import { ALL_KNOWN_BUILTINS } from './spec-util';
import { programArity, verifyCheckedProgram } from './verify';

/** Whether the runtime implements a builtin yet is the registry's and codegen's concern, not the check passes'. */
const ALL_KNOWN = ALL_KNOWN_BUILTINS;

const ROOT = join(__dirname, '../../../../../shared/conformance/opa-v1');

/** Cases whose check result is known to differ from OPA, with the reason. Keep this short. */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  'time/time caching': 'calls test.sleep, a builtin that only OPA\'s own test harness registers',
};

interface Case {
  readonly note: string;
  readonly query: string;
  readonly modules?: readonly string[];
  readonly want_error_code?: string;
  readonly want_error?: string;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

function loadCases(): { file: string; c: Case }[] {
  const out: { file: string; c: Case }[] = [];
  for (const file of yamlFiles(ROOT)) {
    const doc = parseYaml(readFileSync(file, 'utf8')) as { cases?: Case[] };
    for (const c of doc.cases ?? []) out.push({ file: file.slice(ROOT.length + 1), c });
  }
  return out;
}

/** Parses a module as v1, falling back to v0 syntax. */
function parseAny(file: string, src: string): Module {
  const v1 = parseModule(file, src, { regoVersion: 1 });
  if (v1.module && v1.diagnostics.length === 0) return v1.module;
  const v0 = parseModule(file, src, { regoVersion: 0 });
  if (v0.module && v0.diagnostics.length === 0) return v0.module;
  throw new Error(`parse failed:\n${formatDiagnostics(v1.diagnostics)}`);
}

function checkCase(c: Case): string | undefined {
  const modules = (c.modules ?? []).map((src, i) => parseAny(`test-${i}.rego`, src));
  const q = parseQuery(c.query);
  if (!q.query) return `query parse failed: ${formatDiagnostics(q.diagnostics)}`;
  const program = checkProgram(modules, { query: q.query as Query, builtins: ALL_KNOWN });
  const errors = program.diagnostics.filter((d) => d.severity !== 'warning');
  const wantCompile = c.want_error_code?.startsWith('rego_') ? c.want_error_code : undefined;
  if (wantCompile) {
    return errors.some((d) => d.code === wantCompile) ? undefined : `expected ${wantCompile}, got: ${formatDiagnostics(errors)}`;
  }
  if (errors.length > 0) return formatDiagnostics(errors);
  const broken = verifyCheckedProgram(program, programArity(program, ALL_KNOWN));
  return broken.length > 0 ? `checked program breaks the planner contract:\n${broken.join('\n')}` : undefined;
}

describe('OPA conformance corpus through the check passes', () => {
  const cases = loadCases();

  it('loads the corpus', () => {
    expect(cases.length).toBeGreaterThan(900);
  });

  it('checks every case as OPA does, apart from the known gaps', () => {
    const failures: string[] = [];
    const gapsHit = new Set<string>();
    for (const { file, c } of cases) {
      let problem: string | undefined;
      try {
        problem = checkCase(c);
      } catch (e) {
        problem = `threw: ${(e as Error).stack ?? String(e)}`;
      }
      if (KNOWN_GAPS[c.note] !== undefined) {
        gapsHit.add(c.note);
        continue;
      }
      if (problem) failures.push(`${file} [${c.note}]\n${problem}`);
    }
    expect(failures).toEqual([]);
    // A gap that no longer fails must leave the list.
    expect(Object.keys(KNOWN_GAPS).filter((n) => !gapsHit.has(n))).toEqual([]);
  });
});
