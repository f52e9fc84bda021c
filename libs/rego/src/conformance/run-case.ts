/**
 * Runs one conformance case through the real pipeline: our compiler, then
 * `@open-policy-agent/opa-wasm` through RegoPolicy, then compares with the case.
 */
import { compilePolicy } from '../compile';
import { RegoCompileError } from '../diagnostics';
import { RegoPolicy } from '../engine/policy';
import { parseTerm } from '../syntax/parse';
import type { Term } from '../syntax/ast';
import type { ConformanceCase } from './cases';
import { HARNESS_BUILTIN_DECLS, HARNESS_BUILTINS } from './harness-builtins';
import { diffResultSets } from './compare';

export type CaseStatus = 'pass' | 'fail' | 'skip';

export interface CaseOutcome {
  readonly note: string;
  readonly category: string;
  readonly status: CaseStatus;
  /** Why it failed or was skipped. */
  readonly reason?: string;
  readonly ms: number;
}

/** v0 syntax is tried when a module does not parse as v1 (the corpus has a few pre-v1 files). */
export async function runCase(c: ConformanceCase): Promise<CaseOutcome> {
  const started = performance.now();
  const done = (status: CaseStatus, reason?: string): CaseOutcome => ({
    note: c.note,
    category: c.category,
    status,
    reason,
    ms: performance.now() - started,
  });
  try {
    const reason = await evaluateCase(c);
    return reason === undefined ? done('pass') : done('fail', reason);
  } catch (e) {
    return done('fail', `harness: ${(e as Error)?.stack ?? String(e)}`);
  }
}

const wantsError = (c: ConformanceCase): boolean => c.wantErrorCode !== undefined || c.wantError !== undefined;

async function evaluateCase(c: ConformanceCase): Promise<string | undefined> {
  const modules = c.modules.map((source, i) => ({ path: `test-${i}.rego`, source }));
  let compiled;
  try {
    compiled = compileEither(modules, c.query, c.strictError);
  } catch (e) {
    if (!(e instanceof RegoCompileError)) throw e;
    if (wantsError(c)) return matchError(c, e.diagnostics.map((d) => `${d.code}: ${d.message}`));
    return `compile error:\n      ${e.message.split('\n').slice(1, 6).join('\n      ')}`;
  }
  const policy = await RegoPolicy.load(compiled.wasm, { strictBuiltinErrors: c.strictError, onPrint: () => undefined, customBuiltins: HARNESS_BUILTINS });
  if (c.data !== undefined) policy.setData(c.data);
  const input = inputOf(c);
  let got;
  try {
    got = policy.evaluate(input, 0);
  } catch (e) {
    if (wantsError(c)) return matchError(c, [(e as Error).message]);
    return `eval error: ${(e as Error).message}`;
  }
  if (wantsError(c)) {
    return `want error ${c.wantErrorCode ?? ''} ${c.wantError ?? ''}, got result ${JSON.stringify(got).slice(0, 300)}`;
  }
  return diffResultSets(got, c.wantResult ?? [], c.sortBindings);
}

function compileEither(modules: { path: string; source: string }[], query: string, strict: boolean) {
  try {
    return compilePolicy({ modules, query, strictBuiltinErrors: strict, customBuiltins: HARNESS_BUILTIN_DECLS });
  } catch (e) {
    // Pre-v1 modules in the corpus: retry in v0 mode only when v1 failed to parse.
    if (e instanceof RegoCompileError && e.diagnostics.some((d) => d.code === 'rego_parse_error')) {
      try {
        return compilePolicy({ modules, query, strictBuiltinErrors: strict, regoVersion: 0, customBuiltins: HARNESS_BUILTIN_DECLS });
      } catch {
        throw e;
      }
    }
    throw e;
  }
}

function matchError(c: ConformanceCase, messages: string[]): string | undefined {
  const ok = messages.some(
    (m) => (c.wantErrorCode === undefined || m.includes(c.wantErrorCode)) && (c.wantError === undefined || m.includes(c.wantError)),
  );
  if (ok) return undefined;
  return `want error ${c.wantErrorCode ?? ''} "${c.wantError ?? ''}", got: ${messages.join(' | ').slice(0, 400)}`;
}

function inputOf(c: ConformanceCase): unknown {
  if (c.inputTerm !== undefined) {
    const { term, diagnostics } = parseTerm(c.inputTerm);
    if (!term || diagnostics.length > 0) throw new Error(`input_term does not parse: ${c.inputTerm}`);
    return termToJson(term);
  }
  return c.hasInput ? c.input : undefined;
}

/** A ground term as JSON: sets become arrays, non-string keys their JSON text. */
function termToJson(t: Term): unknown {
  switch (t.kind) {
    case 'null':
      return null;
    case 'boolean':
      return t.value;
    case 'number':
      return Number(t.text);
    case 'string':
      return t.value;
    case 'array':
    case 'set':
      return t.items.map(termToJson);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const { key, value } of t.items) {
        const k = termToJson(key);
        out[typeof k === 'string' ? k : JSON.stringify(k)] = termToJson(value);
      }
      return out;
    }
    default:
      throw new Error(`input_term is not ground (${t.kind})`);
  }
}
