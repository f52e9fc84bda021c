/**
 * Soundness of `policyReadsInput` over OPA's conformance corpus: for every case that evaluates,
 * add a key no policy names to the input. Only a policy using input as a whole value or with a
 * key chosen at evaluation time can notice it, so wherever the analysis says the key is not read,
 * the results with and without it must be identical. (The corpus has plenty of both kinds: the
 * spec also requires that the analysis says "reads" for some cases and "not read" for most.)
 */
import { join } from 'node:path';
import { compilePolicy } from '../compile';
import { findCaseFiles, loadCaseFile, type ConformanceCase } from '../conformance/cases';
import { HARNESS_BUILTIN_DECLS, HARNESS_BUILTINS } from '../conformance/harness-builtins';
import { RegoCompileError } from '../diagnostics';
import { RegoPolicy } from '../engine/policy';
import { policyReadsInput } from './input-reads';

const ROOT = join(__dirname, '../../../../../shared/conformance/opa-v1');
const PROBE = '__vigil_probe__';
const PROBE_VALUE = { a: [1, 'x'], b: true };
/** Categories whose results change from run to run (time, randomness): comparing two runs says nothing. */
const NONDETERMINISTIC = new Set(['time', 'rand', 'uuid', 'netlookupipaddr', 'jwtencodesign', 'jwtencodesignraw', 'jwtencodesignheadererrors']);

function cases(): ConformanceCase[] {
  return findCaseFiles(ROOT)
    .flatMap((f) => loadCaseFile(ROOT, f).cases)
    .filter((c) => c.wantErrorCode === undefined && c.wantError === undefined && c.inputTerm === undefined)
    .filter((c) => !NONDETERMINISTIC.has(c.category))
    .filter((c) => !c.hasInput || (typeof c.input === 'object' && c.input !== null && !Array.isArray(c.input)));
}

/** Compiles as v1, else v0 (the corpus has a few pre-v1 files); undefined when neither compiles. */
function compileCase(c: ConformanceCase): { regoVersion: 0 | 1; wasm: Uint8Array } | undefined {
  const modules = c.modules.map((source, i) => ({ path: `test-${i}.rego`, source }));
  for (const regoVersion of [1, 0] as const) {
    try {
      return { regoVersion, wasm: compilePolicy({ modules, query: c.query, regoVersion, customBuiltins: HARNESS_BUILTIN_DECLS }).wasm };
    } catch (e) {
      if (!(e instanceof RegoCompileError)) throw e;
    }
  }
  return undefined;
}

function outcome(policy: RegoPolicy, input: unknown): string {
  try {
    return JSON.stringify(policy.evaluate(input, 0));
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('policyReadsInput over the conformance corpus', () => {
  it('never says "not read" where adding the key changes a result', async () => {
    const unsound: string[] = [];
    let reads = 0;
    let unread = 0;
    for (const c of cases()) {
      const compiled = compileCase(c);
      if (!compiled) continue;
      const modules = c.modules.map((source, i) => ({ path: `test-${i}.rego`, source }));
      const analysis = policyReadsInput({ modules, query: c.query, regoVersion: compiled.regoVersion, customBuiltins: HARNESS_BUILTIN_DECLS, path: [PROBE] });
      if (analysis.reads) {
        reads++;
        continue;
      }
      unread++;
      const policy = await RegoPolicy.load(compiled.wasm, { onPrint: () => undefined, customBuiltins: HARNESS_BUILTINS });
      if (c.data !== undefined) policy.setData(c.data);
      const base = (c.hasInput ? c.input : {}) as Record<string, unknown>;
      const without = outcome(policy, base);
      const withProbe = outcome(policy, { ...base, [PROBE]: PROBE_VALUE });
      if (without !== withProbe) unsound.push(`${c.file} [${c.note}]: ${without.slice(0, 120)} vs ${withProbe.slice(0, 120)}`);
    }
    expect(unsound).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(unread).toBeGreaterThan(reads);
  }, 300_000);
});
