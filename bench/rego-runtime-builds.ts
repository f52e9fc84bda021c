/**
 * Runtime builds side by side: `node dist/bench/rego-runtime-builds.js a.wasm b.wasm ...` links the
 * RBAC policy (bench/fixtures/rbac.ts, allowed and denied requests) and the 1,000-rule ABAC policy
 * (bench/fixtures/abac.ts) against each runtime build and measures, interleaved in the same run:
 * module size, load time (WebAssembly compile + instantiate through RegoPolicy.load) and decision
 * p50 through the SDK. Used to pick the AssemblyScript optimisation flags of runtime/build.mjs
 * (build the variants by changing --optimizeLevel/--shrinkLevel and copying runtime/build/runtime.wasm).
 * Ends with one JSON line of figures.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkProgram, parseModule, RegoPolicy } from '@vigil/rego';
import { hoistInvariants } from '../libs/rego/src/plan/hoist';
import { planProgram } from '../libs/rego/src/plan/planner';
import type { Policy } from '../libs/rego/src/plan/ir';
import { compileWasm } from '../libs/rego/src/wasm/codegen';
import { abacPolicy, abacRequests } from './fixtures/abac';
import { RBAC_INPUT, RBAC_POLICY, rbacData } from './fixtures/rbac';
import { emitJson, round, summarize, timeCalls } from './lib/stats';

function plan(source: string, entry: string): Policy {
  const { module } = parseModule('p.rego', source);
  if (!module) throw new Error('bench policy does not parse');
  return hoistInvariants(planProgram(checkProgram([module], {}), { entrypoints: [entry] }));
}

interface Subject {
  readonly name: string;
  readonly run: () => void;
}

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: rego-runtime-builds.js <runtime.wasm> ...');
  const rbacPlan = plan(RBAC_POLICY, 'rbac/allow');
  const abacPlan = plan(abacPolicy(), 'abac/allow');
  const reqs = abacRequests();
  const figures: Record<string, unknown> = { bench: 'rego-runtime-builds' };
  const subjects: Subject[] = [];
  for (const file of files) {
    const runtime = new Uint8Array(readFileSync(file));
    const label = basename(file, '.wasm');
    const rbacWasm = compileWasm(rbacPlan, { runtime }).wasm;
    const abacWasm = compileWasm(abacPlan, { runtime }).wasm;
    const loads: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await RegoPolicy.load(rbacWasm);
      loads.push(performance.now() - t0);
    }
    const rbac = await RegoPolicy.load(rbacWasm);
    rbac.setData(rbacData());
    const abac = await RegoPolicy.load(abacWasm);
    const denied = { ...RBAC_INPUT, action: 'nuke' };
    subjects.push(
      { name: `${label} rbac allowed`, run: () => void rbac.evaluate(RBAC_INPUT, 'rbac/allow') },
      { name: `${label} rbac denied`, run: () => void rbac.evaluate(denied, 'rbac/allow') },
      { name: `${label} abac allowed_last`, run: () => void abac.evaluate(reqs.allowed_last, 'abac/allow') },
    );
    const load = summarize(loads).p50;
    console.log(`${label.padEnd(14)} runtime ${String(runtime.length).padStart(6)} B  rbac module ${String(rbacWasm.length).padStart(6)} B  load p50 ${load.toFixed(2)} ms`);
    Object.assign(figures, { [`${label}_runtime_bytes`]: runtime.length, [`${label}_load_p50_ms`]: round(load, 2) });
  }
  // Interleave every subject in rounds so that noise hits all alike.
  const samples = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (let r = 0; r < 23; r++) {
    for (const s of subjects) {
      const t = timeCalls(s.run, 3000);
      if (r >= 3) samples.get(s.name)?.push(...t); // the first rounds warm V8 up
    }
  }
  for (const s of subjects) {
    const p50 = summarize(samples.get(s.name) ?? []).p50;
    console.log(`  ${s.name.padEnd(32)} p50 ${p50.toFixed(3)} µs`);
    figures[`${s.name.replace(/ /g, '_')}_p50_us`] = round(p50);
  }
  emitJson(figures);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
