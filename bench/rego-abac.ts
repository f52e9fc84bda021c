/**
 * `npm run bench:rego-abac`: a 1,000-rule ABAC policy (bench/fixtures/abac.ts: `allow` bodies
 * naming a resource type and an action, then comparing subject and resource attributes).
 * Reports compile time for the 1,000 rules (target ≤ 1 s) with its stages, wasm size, and
 * per-decision time through the SDK as a ratio to the SDK evaluating a constant policy with the
 * same input in the same run (target ≤ 3), p50/p99, for requests allowed by the first and the
 * last rule and denied ones. Then the planner's rule-index modes side by side (`off`, `guards`,
 * `switch`, planned directly with planProgram), and the same rules written through helper-rule
 * aliases and through local aliases, which the index sees through. Ends with one JSON line of figures.
 */
import { checkProgram, compilePolicy, parseModule, RegoPolicy } from '@vigil/rego';
import type { RuleIndexMode } from '../libs/rego/src/plan/context';
import { hoistInvariants } from '../libs/rego/src/plan/hoist';
import { planProgram } from '../libs/rego/src/plan/planner';
import type { Policy } from '../libs/rego/src/plan/ir';
import { compileWasm } from '../libs/rego/src/wasm/codegen';
import { ABAC_RULES, abacPolicy, abacPolicyAliased, abacPolicyLocalAliases, abacRequests, type AbacRequest } from './fixtures/abac';
import { CONSTANT_POLICY } from './fixtures/rbac';
import { emitJson, interleave, round, summarize } from './lib/stats';

const ENTRY = 'abac/allow';
type Figures = Record<string, unknown>;

function compileTimes(source: string, n: number): { total: number[]; stages: Record<string, number[]>; wasm: Uint8Array } {
  const total: number[] = [];
  const stages: Record<string, number[]> = {};
  let wasm: Uint8Array = new Uint8Array();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const c = compilePolicy({ modules: [{ path: 'abac.rego', source }], entrypoints: [ENTRY] });
    total.push(performance.now() - t0);
    for (const [k, v] of Object.entries(c.timings)) (stages[k] ??= []).push(v);
    wasm = c.wasm;
  }
  return { total, stages, wasm };
}

/** parse → check → planProgram(ruleIndex) → hoistInvariants → compileWasm: the pipeline of compilePolicy with the index mode chosen. */
function compileWithIndex(source: string, ruleIndex: RuleIndexMode): { wasm: Uint8Array; switches: number; planMs: number } {
  const { module } = parseModule('abac.rego', source);
  if (!module) throw new Error('the bench policy does not parse');
  const program = checkProgram([module], {});
  const t0 = performance.now();
  const policy = hoistInvariants(planProgram(program, { entrypoints: [ENTRY], ruleIndex }));
  const planMs = performance.now() - t0;
  return { wasm: compileWasm(policy).wasm, switches: countSwitches(policy), planMs };
}

function countSwitches(policy: Policy): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ((v as { type?: unknown }).type === 'Switch') n++;
      Object.values(v).forEach(walk);
    }
  };
  walk(policy.funcs);
  walk(policy.plans);
  return n;
}

/** Decision p50/p99 (µs) and the ratio to the constant policy's p50 on the same input. */
function measure(subject: RegoPolicy, base: RegoPolicy, input: AbacRequest, rounds: number, perRound: number): { p50: number; p99: number; base: number; ratio: number } {
  const run = (): void => void subject.evaluate(input, ENTRY);
  const floor = (): void => void base.evaluate(input, 'constant/allow');
  interleave(floor, run, 3, perRound); // warm-up: let V8 tier up both paths
  const { baseline: b, subject: s } = interleave(floor, run, rounds, perRound);
  const bs = summarize(b);
  const ss = summarize(s);
  return { p50: ss.p50, p99: ss.p99, base: bs.p50, ratio: ss.p50 / bs.p50 };
}

function expectDecisions(p: RegoPolicy, label: string): void {
  const want: Record<string, boolean> = { allowed_first: true, allowed_last: true, denied_attribute: false, denied_unknown_type: false };
  for (const [name, input] of Object.entries(abacRequests())) {
    const got = p.evaluate(input, ENTRY)[0]?.result;
    if (got !== want[name]) throw new Error(`${label}: ${name} decided ${JSON.stringify(got)}, expected ${want[name]}`);
  }
}

async function main(): Promise<void> {
  const source = abacPolicy();
  const figures: Figures = { bench: 'rego-abac', rules: ABAC_RULES };

  compileTimes(source, 2); // warm-up
  const ct = compileTimes(source, 10);
  const cs = summarize(ct.total);
  const stageText = Object.entries(ct.stages).map(([k, v]) => `${k} ${summarize(v).p50.toFixed(1)}`).join(', ');
  console.log(`compile   p50 ${cs.p50.toFixed(1)} ms  p99 ${cs.p99.toFixed(1)} ms  (${stageText} ms)  target ≤ 1000 ms`);
  console.log(`wasm      ${ct.wasm.length} bytes`);
  Object.assign(figures, { compile_p50_ms: round(cs.p50, 1), compile_p99_ms: round(cs.p99, 1), wasm_bytes: ct.wasm.length });
  for (const [k, v] of Object.entries(ct.stages)) figures[`${k}_p50_ms`] = round(summarize(v).p50, 1);

  const base = await RegoPolicy.load(compilePolicy({ modules: [{ path: 'c.rego', source: CONSTANT_POLICY }], entrypoints: ['constant/allow'] }).wasm);
  const abac = await RegoPolicy.load(ct.wasm);
  expectDecisions(abac, 'default');

  console.log('\ndecisions (default: ruleIndex switch), µs per decision through the SDK');
  for (const [name, input] of Object.entries(abacRequests())) {
    const m = measure(abac, base, input, 15, 4000);
    console.log(`  ${name.padEnd(20)} p50 ${m.p50.toFixed(2)}  p99 ${m.p99.toFixed(2)}  constant p50 ${m.base.toFixed(2)}  ratio ${m.ratio.toFixed(2)} (target ≤ 3)`);
    Object.assign(figures, { [`${name}_p50_us`]: round(m.p50), [`${name}_p99_us`]: round(m.p99), [`${name}_baseline_p50_us`]: round(m.base), [`${name}_ratio`]: round(m.ratio, 2) });
  }

  console.log('\nrule index modes (planProgram directly): Switch statements, plan ms, wasm bytes, ratio p50 (allowed_last / denied_attribute)');
  const reqs = abacRequests();
  for (const mode of ['off', 'guards', 'switch'] as const) {
    const c = compileWithIndex(source, mode);
    const p = await RegoPolicy.load(c.wasm);
    expectDecisions(p, mode);
    const allowed = measure(p, base, reqs.allowed_last, 8, 3000);
    const denied = measure(p, base, reqs.denied_attribute, 8, 3000);
    console.log(`  ${mode.padEnd(7)} switches ${String(c.switches).padStart(3)}  plan ${c.planMs.toFixed(1).padStart(6)}  wasm ${String(c.wasm.length).padStart(7)}  ratio ${allowed.ratio.toFixed(2)} / ${denied.ratio.toFixed(2)}`);
    Object.assign(figures, {
      [`index_${mode}_switches`]: c.switches,
      [`index_${mode}_wasm_bytes`]: c.wasm.length,
      [`index_${mode}_allowed_last_ratio`]: round(allowed.ratio, 2),
      [`index_${mode}_denied_ratio`]: round(denied.ratio, 2),
    });
  }

  const variants = [
    ['aliased', 'helper rules (resource := input.resource; resource.type == ...)', abacPolicyAliased()],
    ['local_aliased', 'local aliases (resource := input.resource in each body)', abacPolicyLocalAliases()],
  ] as const;
  for (const [key, label, src] of variants) {
    const v = compileWithIndex(src, 'switch');
    const vp = await RegoPolicy.load(v.wasm);
    expectDecisions(vp, key);
    const vm = measure(vp, base, reqs.denied_attribute, 8, 2000);
    console.log(`  ${label}: switches ${v.switches}, ratio ${vm.ratio.toFixed(2)} (denied)`);
    Object.assign(figures, { [`${key}_switches`]: v.switches, [`${key}_denied_ratio`]: round(vm.ratio, 2) });
  }

  emitJson(figures);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
