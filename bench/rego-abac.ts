/**
 * A 1,000-rule ABAC policy (every rule tests `input.subject.role`, `input.action` and
 * `input.resource.type` against constants), compiled by our toolchain with rule indexing.
 * Reports plan/compile time and per-decision time through the SDK as a ratio to the SDK
 * evaluating a constant policy with the same input in the same run (follow-up target ≤ 3),
 * for an allowed and a denied request (a denied one would try every body without an index).
 * Run: `npm run build:ts && node dist/bench/rego-abac.js`.
 */
import { compilePolicy, RegoPolicy } from '@vigil/rego';
import { CONSTANT_POLICY } from './fixtures/rbac';
import { emitJson, interleave, round, summarize } from './lib/stats';

const RULES = 1000;
const ROLES = ['admin', 'dev', 'ops', 'qa', 'sales', 'hr', 'fin', 'audit', 'guest', 'bot'];

function policy(): string {
  const parts = ['package abac', 'default allow := false'];
  for (let i = 0; i < RULES; i++) {
    const role = `${ROLES[i % 10]}_${Math.floor(i / 10) % 10}`;
    parts.push(
      `allow if {\n\tinput.subject.role == "${role}"\n\tinput.action == "act_${i % 7}"\n\tinput.resource.type == "type_${Math.floor(i / 100)}"\n}`,
    );
  }
  return parts.join('\n\n');
}

const ALLOWED = { subject: { role: 'dev_3' }, action: 'act_3', resource: { type: 'type_0' } };
const DENIED = { subject: { role: 'dev_3' }, action: 'act_6', resource: { type: 'type_9' } };

async function main(): Promise<void> {
  const source = policy();
  const compile = () => compilePolicy({ modules: [{ path: 'abac.rego', source }], entrypoints: ['abac/allow'] });
  let compiled = compile();
  const planMs: number[] = [];
  const compileMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    compiled = compile();
    compileMs.push(performance.now() - t0);
    planMs.push(compiled.timings.plan ?? NaN);
  }
  const constant = compilePolicy({ modules: [{ path: 'c.rego', source: CONSTANT_POLICY }], entrypoints: ['constant/allow'] });
  const abac = await RegoPolicy.load(compiled.wasm);
  const base = await RegoPolicy.load(constant.wasm);
  if (abac.evaluate(ALLOWED, 'abac/allow')[0]?.result !== true) throw new Error('ABAC policy did not allow the bench input');
  if (abac.evaluate(DENIED, 'abac/allow')[0]?.result !== false) throw new Error('ABAC policy did not deny the bench input');

  const figures: Record<string, unknown> = { bench: 'rego-abac', rules: RULES };
  const ps = summarize(planMs);
  const cs = summarize(compileMs);
  console.log(`plan     p50 ${ps.p50.toFixed(2)} ms  p99 ${ps.p99.toFixed(2)} ms`);
  console.log(`compile  p50 ${cs.p50.toFixed(2)} ms  p99 ${cs.p99.toFixed(2)} ms  wasm ${compiled.wasm.length} bytes`);
  Object.assign(figures, { plan_p50_ms: round(ps.p50), compile_p50_ms: round(cs.p50), wasm_bytes: compiled.wasm.length });
  for (const [name, input] of [['allowed', ALLOWED], ['denied', DENIED]] as const) {
    const subject = (): void => void abac.evaluate(input, 'abac/allow');
    const baseline = (): void => void base.evaluate(input, 'constant/allow');
    interleave(baseline, subject, 5, 10000); // warm-up
    const { baseline: b, subject: s } = interleave(baseline, subject, 20, 5000);
    const bs = summarize(b);
    const ss = summarize(s);
    console.log(`${name.padEnd(8)} p50 ${ss.p50.toFixed(2)} µs  p99 ${ss.p99.toFixed(2)} µs  constant p50 ${bs.p50.toFixed(2)} µs  ratio p50 ${(ss.p50 / bs.p50).toFixed(2)} (target ≤ 3)`);
    Object.assign(figures, { [`${name}_p50_us`]: round(ss.p50), [`${name}_p99_us`]: round(ss.p99), [`${name}_ratio_p50`]: round(ss.p50 / bs.p50) });
  }
  emitJson(figures);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
