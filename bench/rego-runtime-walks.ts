/**
 * The runtime's native builtins that walk two values level by level (object.union, object.subset,
 * json.filter, json.remove, graph.reachable_paths, the base/virtual document merge), on the small,
 * shallow operands policies give them. Subject: the runtime build (`VIGIL_RUNTIME_WASM`, default
 * `libs/rego/runtime/build/runtime.wasm`); baseline: another build of the runtime in the same run
 * (`VIGIL_RUNTIME_BASELINE_WASM`, e.g. one built from the previous commit), so a change to those walks
 * shows as a ratio. Without a baseline build the subject is timed against itself (ratio ~1).
 * Run: `npm run build && VIGIL_RUNTIME_BASELINE_WASM=/tmp/old/runtime.wasm node dist/bench/rego-runtime-walks.js`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitJson, interleave, round, summarize } from './lib/stats';

type Exports = Record<string, (...args: number[]) => number>;

const WASM = process.env.VIGIL_RUNTIME_WASM ?? join(process.cwd(), 'libs/rego/runtime/build/runtime.wasm');
const BASELINE = process.env.VIGIL_RUNTIME_BASELINE_WASM ?? WASM;
const BATCH = 200; // calls per timed sample: single calls are below the timer's resolution

/** The operands of each case, as JSON text. */
const CASES: Record<string, { fn: string; args: string[] }> = {
  union: { fn: 'vg_builtin_object_union', args: ['{"a":{"b":1,"c":{"d":2}},"e":[1,2],"f":"x"}', '{"a":{"c":{"g":3},"h":4},"i":true}'] },
  subset: { fn: 'vg_builtin_object_subset', args: ['{"a":{"b":1,"c":{"d":2,"g":3}},"e":[1,2,3],"f":"x"}', '{"a":{"c":{"d":2}},"e":[2,3]}'] },
  filter: { fn: 'vg_builtin_json_filter', args: ['{"a":{"b":1,"c":{"d":2,"g":3}},"e":[1,2,3],"f":"x"}', '["a/c/d","e/1","f"]'] },
  remove: { fn: 'vg_builtin_json_remove', args: ['{"a":{"b":1,"c":{"d":2,"g":3}},"e":[1,2,3],"f":"x"}', '["a/c/d","e/1","f"]'] },
  reachablePaths: { fn: 'vg_builtin_graph_reachable_paths', args: ['{"a":["b","c"],"b":["d"],"c":["d","e"],"d":[],"e":["a"]}', '["a"]'] },
  merge: { fn: 'vg_object_merge', args: ['{"users":{"u1":{"roles":["r"]},"u2":{}},"cfg":{"x":1}}', '{"users":{"u1":{"dept":"d"}},"rules":{"allow":true}}'] },
};

interface Runtime {
  readonly run: (name: string) => () => void;
}

function load(path: string): Runtime {
  const mem = new WebAssembly.Memory({ initial: 64 });
  const fail = (): never => {
    throw new Error('runtime aborted');
  };
  const none = (): number => 0;
  const env = { memory: mem, opa_abort: fail, opa_println: none, opa_builtin0: none, opa_builtin1: none, opa_builtin2: none, opa_builtin3: none, opa_builtin4: none };
  const x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), { env }).exports as unknown as Exports;
  x.vg_init(x.vg_static_end());
  const enc = new TextEncoder();
  const parse = (text: string): number => {
    const b = enc.encode(text);
    const p = x.opa_malloc(b.length);
    new Uint8Array(mem.buffer).set(b, p);
    const v = x.opa_json_parse(p, b.length);
    if (v === 0) throw new Error(`not JSON: ${text}`);
    return v;
  };
  const prepared = new Map<string, () => void>();
  for (const [name, c] of Object.entries(CASES)) {
    const f = x[c.fn];
    if (!f) throw new Error(`${path} does not export ${c.fn}`);
    const args = c.args.map(parse);
    if (f(...args) === 0) throw new Error(`${name}: undefined`);
    const mark = x.opa_heap_ptr_get();
    prepared.set(name, () => {
      for (let i = 0; i < BATCH; i++) f(...args);
      x.opa_heap_ptr_set(mark);
    });
  }
  return { run: (name) => prepared.get(name) as () => void };
}

function main(): void {
  const subject = load(WASM);
  const baseline = load(BASELINE);
  const figures: Record<string, unknown> = { bench: 'rego-runtime-walks', baselineIsSubject: BASELINE === WASM };
  for (const name of Object.keys(CASES)) {
    interleave(baseline.run(name), subject.run(name), 20, 10);
    const s = interleave(baseline.run(name), subject.run(name), 100, 10);
    const sub = summarize(s.subject);
    const base = summarize(s.baseline);
    figures[name] = {
      p50Us: round(sub.p50 / BATCH),
      p99Us: round(sub.p99 / BATCH),
      baselineP50Us: round(base.p50 / BATCH),
      ratio: round(sub.p50 / base.p50),
    };
  }
  emitJson(figures);
}

main();
