/**
 * Runtime robustness on real policies: the example suites' policies (tests left out) compiled
 * once, then evaluated on random request-shaped JSON, plain JSON, JSON text with numbers JS
 * cannot hold, and random data. Every evaluation returns a result set or throws a typed
 * RegoEvalError (never an internal error or another exception), and results are stable: the
 * same input gives the same answer twice, and as a JS value or as JSON text.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compilePolicy } from '../compile';
import { loadPaths } from '../cli/load-paths';
import { RegoEvalError, RegoPolicy } from '../engine/policy';
import { fuzzParams, fuzzTimeoutMs } from './fuzz-config';
import { inputArb, jsonTextArb, shapedArb } from './json-values';
import { evaluateChecked } from './outcome';
import { EXAMPLES_DIR } from './seeds';

/** Rules whose value follows the clock (`time.now_ns()` when the request has no time): not stable by design. */
const CLOCK_RULES = /(^|\/)(now|request_time|days_since_delivery)$/;

interface Loaded {
  readonly name: string;
  readonly policy: RegoPolicy;
  readonly entrypoints: readonly string[];
  readonly data: unknown;
}

function suiteDirs(dir: string): string[] {
  const names = readdirSync(dir).sort();
  const here = names.some((n) => n.endsWith('.rego')) ? [dir] : [];
  return [...here, ...names.filter((n) => statSync(join(dir, n)).isDirectory()).flatMap((n) => suiteDirs(join(dir, n)))];
}

async function loadSuites(): Promise<Loaded[]> {
  const out: Loaded[] = [];
  for (const dir of suiteDirs(EXAMPLES_DIR)) {
    const { modules, data } = loadPaths([dir]);
    const policyModules = modules.filter((m) => !m.path.endsWith('_test.rego'));
    if (policyModules.length === 0) continue;
    const regoVersion = dir.split('/').some((p) => p.endsWith('-v0')) ? 0 : 1;
    const compiled = compilePolicy({ modules: policyModules, regoVersion });
    const policy = await RegoPolicy.load(compiled.wasm);
    policy.setData(data);
    const entrypoints = Object.keys(compiled.entrypoints).filter((ep) => !CLOCK_RULES.test(ep));
    out.push({ name: dir.slice(EXAMPLES_DIR.length + 1), policy, entrypoints, data });
  }
  return out;
}

/** Outcome as a comparable string: the result set's JSON, or the error code. */
function evalOnce(s: Loaded, input: unknown, ep: string, asText?: string): string {
  if (asText !== undefined) {
    try {
      return JSON.stringify(s.policy.evaluateJson(asText, ep));
    } catch (e) {
      if (!(e instanceof RegoEvalError)) throw new Error(`${s.name} ${ep}: crash on JSON text: ${String(e)}\ntext: ${asText.slice(0, 2000)}`, { cause: e });
      return `error ${e.code}`;
    }
  }
  const r = evaluateChecked(s.policy, input, ep);
  if (r.crash) throw new Error(`${s.name} ${ep}: crash: ${r.crash}\ninput: ${JSON.stringify(input)?.slice(0, 2000)}`);
  return r.error ? `error ${r.error.code}` : JSON.stringify(r.result);
}

describe('evaluation fuzzing on the example policies', () => {
  let suites: Loaded[] = [];
  beforeAll(async () => {
    suites = await loadSuites();
  }, 60_000);

  it('loads the suites', () => {
    expect(suites.length).toBeGreaterThanOrEqual(10);
  });

  const pick = fc.tuple(fc.nat(), fc.nat());
  const inputs = fuzzParams(1500);
  it(
    'random inputs: no crash, the same answer again after another input, and as JSON text',
    () => {
      fc.assert(
        fc.property(pick, inputArb, shapedArb, ([si, ei], input, other) => {
          const s = suites[si % suites.length];
          const ep = s.entrypoints[ei % s.entrypoints.length];
          const first = evalOnce(s, input, ep);
          evalOnce(s, other, ep); // nothing of one evaluation may leak into the next
          expect(evalOnce(s, input, ep)).toBe(first);
          if (!first.startsWith('error')) expect(evalOnce(s, input, ep, JSON.stringify(input))).toBe(first);
        }),
        { numRuns: inputs.numRuns, seed: inputs.seed },
      );
    },
    fuzzTimeoutMs(inputs),
  );

  const texts = fuzzParams(500, 5);
  it(
    'JSON text with huge, tiny and long numbers: a result set or a typed error, stable',
    () => {
      fc.assert(
        fc.property(pick, jsonTextArb, ([si, ei], text) => {
          const s = suites[si % suites.length];
          const ep = s.entrypoints[ei % s.entrypoints.length];
          const first = evalOnce(s, undefined, ep, text);
          expect(first.startsWith('error internal_error')).toBe(false);
          expect(evalOnce(s, undefined, ep, text)).toBe(first);
        }),
        { numRuns: texts.numRuns, seed: texts.seed },
      );
    },
    fuzzTimeoutMs(texts),
  );

  const data = fuzzParams(200, 9);
  it(
    'random data documents: no crash, and the real data afterwards gives the old answers',
    () => {
      fc.assert(
        fc.property(fc.nat(), fc.dictionary(fc.string({ maxLength: 8 }), shapedArb, { maxKeys: 5 }), shapedArb, (si, randomData, input) => {
          const s = suites[si % suites.length];
          const before = s.entrypoints.map((ep) => evalOnce(s, input, ep));
          s.policy.setData(randomData);
          try {
            for (const ep of s.entrypoints) evalOnce(s, input, ep);
          } finally {
            s.policy.setData(s.data);
          }
          expect(s.entrypoints.map((ep) => evalOnce(s, input, ep))).toEqual(before);
        }),
        { numRuns: data.numRuns, seed: data.seed },
      );
    },
    fuzzTimeoutMs(data),
  );
});
