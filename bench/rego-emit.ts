/**
 * The wasm backend's share of compiling a 1,000-rule policy: emitWasm on planner-shaped IR
 * (built here, so the number is the backend's alone). Same-run baseline: V8 validating the
 * module we produce (`WebAssembly.validate`, one full decoding pass over the same bytes).
 * Run: `npm run build:ts && node dist/bench/rego-emit.js`.
 */
import { compileWasm, loadDefaultRuntime } from '../libs/rego/src/wasm/codegen';
import type { Block, Operand, Policy, Stmt } from '../libs/rego/src/plan/ir';
import { emitJson, interleave, round, summarize } from './lib/stats';

const RULES = 1000;

function policy(): Policy {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const s = (t: string): number => ids.get(t) ?? (ids.set(t, strings.push(t) - 1), strings.length - 1);
  const str = (t: string): Operand => ({ kind: 'string', index: s(t) });
  const L = (l: number): Operand => ({ kind: 'local', local: l });
  const T: Operand = { kind: 'bool', value: true };
  const funcs: Policy['funcs'][number][] = [];
  for (let i = 0; i < RULES; i++) {
    const body: Stmt[] = [
      { type: 'Dot', source: L(0), key: str('user'), target: 3 },
      { type: 'Dot', source: L(3), key: str('roles'), target: 4 },
      { type: 'Scan', source: 4, key: 5, value: 6, block: { stmts: [
        { type: 'Equal', a: L(6), b: str(`role_${i}`) },
        { type: 'Dot', source: L(0), key: str('method'), target: 7 },
        { type: 'Equal', a: L(7), b: str(i % 2 ? 'GET' : 'POST') },
        { type: 'Call', func: 'count', args: [L(4)], result: 8 },
        { type: 'MakeNumberRef', index: s(String(i % 7)), target: 9 },
        { type: 'Call', func: 'gt', args: [L(8), L(9)], result: 10 },
        { type: 'NotEqual', a: L(10), b: { kind: 'bool', value: false } },
        { type: 'AssignVarOnce', source: T, target: 2, loc: { file: 'bench.rego', row: i * 5 + 3, col: 1 } },
      ] } },
    ];
    const blocks: Block[] = [{ stmts: body }, { stmts: [{ type: 'IsUndefined', source: 2 }, { type: 'AssignVarOnce', source: { kind: 'bool', value: false }, target: 2 }] }];
    funcs.push({ name: `g0.data.bench.allow_${i}`, params: [0, 1], returnLocal: 2, blocks, path: ['bench', `allow_${i}`], memoizable: true });
  }
  const doc: Stmt[] = [{ type: 'MakeObject', target: 2 }];
  funcs.forEach((f, i) => doc.push({ type: 'Block', blocks: [{ stmts: [
    { type: 'Call', func: f.name, args: [L(0), L(1)], result: 3 },
    { type: 'ObjectInsert', key: str(`allow_${i}`), value: L(3), object: 2 },
  ] }] }));
  const result = (l: number): Stmt[] => [{ type: 'MakeObject', target: 20 }, { type: 'ObjectInsert', key: str('result'), value: L(l), object: 20 }, { type: 'ResultSetAdd', value: 20 }];
  const plans = [{ name: 'bench', blocks: [{ stmts: [...doc, ...result(2)] }] }];
  for (let i = 0; i < 10; i++) {
    plans.push({ name: `bench/allow_${i}`, blocks: [{ stmts: [{ type: 'Call', func: funcs[i].name, args: [L(0), L(1)], result: 2 }, ...result(2)] }] });
  }
  return { static: { strings, builtins: [{ name: 'count', arity: 1 }, { name: 'gt', arity: 2 }], files: ['bench.rego'] }, plans, funcs };
}

function main(): void {
  const runtime = loadDefaultRuntime(process.env.VIGIL_RUNTIME_WASM);
  const ir = policy();
  const wasm = compileWasm(ir, { runtime }).wasm;
  const subject = (): void => void compileWasm(ir, { runtime });
  const baseline = (): void => void WebAssembly.validate(wasm);
  interleave(baseline, subject, 3, 5); // warm-up
  const samples = interleave(baseline, subject, 20, 5);
  const sub = summarize(samples.subject);
  const base = summarize(samples.baseline);
  emitJson({
    bench: 'rego-emit',
    rules: RULES,
    moduleBytes: wasm.length,
    emitMs: { p50: round(sub.p50 / 1000), p99: round(sub.p99 / 1000) },
    v8ValidateMs: { p50: round(base.p50 / 1000), p99: round(base.p99 / 1000) },
    ratio: round(sub.p50 / base.p50),
  });
}

main();
