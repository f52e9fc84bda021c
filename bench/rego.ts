/**
 * `npm run bench:rego`: the RBAC policy (1,000 users, 100 roles, passed as data)
 * compiled by our toolchain. Reports compile time, wasm size, and per-decision time
 * through the SDK as a ratio to the SDK evaluating a constant policy with the same
 * input in the same run (target ≤ 2). Then a denied request (every permission of both roles is
 * scanned) with and without the IR optimisation stage (loop-invariant lookups hoisted out of Scans).
 */
import { compilePolicy, RegoPolicy } from '@vigil/rego';
import { CONSTANT_POLICY, RBAC_INPUT, RBAC_POLICY, rbacData } from './fixtures/rbac';
import { emitJson, interleave, round, summarize } from './lib/stats';

async function main(): Promise<void> {
  const compileMs: number[] = [];
  let compiled = compilePolicy({ modules: [{ path: 'rbac.rego', source: RBAC_POLICY }], entrypoints: ['rbac/allow'] });
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    compiled = compilePolicy({ modules: [{ path: 'rbac.rego', source: RBAC_POLICY }], entrypoints: ['rbac/allow'] });
    compileMs.push(performance.now() - t0);
  }
  const constant = compilePolicy({ modules: [{ path: 'c.rego', source: CONSTANT_POLICY }], entrypoints: ['constant/allow'] });

  const rbac = await RegoPolicy.load(compiled.wasm);
  rbac.setData(rbacData());
  const base = await RegoPolicy.load(constant.wasm);
  base.setData(rbacData());

  const check = rbac.evaluate(RBAC_INPUT, 'rbac/allow');
  if (check[0]?.result !== true) throw new Error(`RBAC policy did not allow the bench input: ${JSON.stringify(check)}`);
  const denied = rbac.evaluate({ ...RBAC_INPUT, action: 'nuke' }, 'rbac/allow');
  if (denied[0]?.result !== false) throw new Error(`RBAC policy did not deny: ${JSON.stringify(denied)}`);

  const subject = (): void => void rbac.evaluate(RBAC_INPUT, 'rbac/allow');
  const baseline = (): void => void base.evaluate(RBAC_INPUT, 'constant/allow');
  interleave(baseline, subject, 5, 20000); // warm-up: let V8 tier up both paths
  const { baseline: b, subject: s } = interleave(baseline, subject, 20, 10000);
  const bs = summarize(b);
  const ss = summarize(s);
  const cs = summarize(compileMs);

  console.log(`compile  p50 ${cs.p50.toFixed(2)} ms  p99 ${cs.p99.toFixed(2)} ms`);
  console.log(`wasm     ${compiled.wasm.length} bytes`);
  console.log(`constant p50 ${bs.p50.toFixed(2)} µs  p99 ${bs.p99.toFixed(2)} µs  mean ${bs.mean.toFixed(2)} µs`);
  console.log(`rbac     p50 ${ss.p50.toFixed(2)} µs  p99 ${ss.p99.toFixed(2)} µs  mean ${ss.mean.toFixed(2)} µs`);
  console.log(`ratio    p50 ${(ss.p50 / bs.p50).toFixed(2)}  mean ${(ss.mean / bs.mean).toFixed(2)}  (target ≤ 2)`);
  // Denied: `perm.action == input.action` fails for all 2 × 10 permissions, so the loops run in full.
  const unoptimized = await RegoPolicy.load(
    compilePolicy({ modules: [{ path: 'rbac.rego', source: RBAC_POLICY }], entrypoints: ['rbac/allow'], optimize: false }).wasm,
  );
  unoptimized.setData(rbacData());
  const deniedInput = { ...RBAC_INPUT, action: 'nuke' };
  const deniedRatio = (p: RegoPolicy): number => {
    const run = (): void => void p.evaluate(deniedInput, 'rbac/allow');
    const floor = (): void => void base.evaluate(deniedInput, 'constant/allow');
    interleave(floor, run, 3, 10000);
    const { baseline: fb, subject: fs } = interleave(floor, run, 15, 10000);
    return summarize(fs).p50 / summarize(fb).p50;
  };
  const deniedOff = deniedRatio(unoptimized);
  const deniedOn = deniedRatio(rbac);
  console.log(`denied   ratio p50 ${deniedOn.toFixed(2)} (optimize off: ${deniedOff.toFixed(2)})`);

  emitJson({
    bench: 'rego',
    denied_ratio_p50: round(deniedOn),
    denied_unoptimized_ratio_p50: round(deniedOff),
    compile_p50_ms: round(cs.p50),
    compile_p99_ms: round(cs.p99),
    wasm_bytes: compiled.wasm.length,
    baseline_p50_us: round(bs.p50),
    baseline_p99_us: round(bs.p99),
    p50_us: round(ss.p50),
    p99_us: round(ss.p99),
    ratio_p50: round(ss.p50 / bs.p50),
    ratio_mean: round(ss.mean / bs.mean),
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
