/**
 * The wasm runtime's own hot paths, each against the same work done by V8 in the same run:
 * - input: copy + parse a small JSON input, look up two keys, dump a small result set
 *   (baseline: JSON.parse of the input + JSON.stringify of the result);
 * - data: parse a 5,000-user data document (baseline: JSON.parse);
 * - lookup: `data.users[input.user]` in that document (baseline: a JS object property read).
 * Run: `npm run build && node dist/bench/rego-runtime.js`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitJson, interleave, round, summarize } from './lib/stats';

type Exports = Record<string, (...args: number[]) => number>;

const WASM = process.env.VIGIL_RUNTIME_WASM ?? join(process.cwd(), 'libs/rego/runtime/build/runtime.wasm');
const BATCH = 100; // calls per timed sample: single calls are below the timer's resolution

function main(): void {
  const mem = new WebAssembly.Memory({ initial: 64 });
  const fail = (): never => {
    throw new Error('runtime aborted');
  };
  const none = (): number => 0;
  const env = { memory: mem, opa_abort: fail, opa_println: none, opa_builtin0: none, opa_builtin1: none, opa_builtin2: none, opa_builtin3: none, opa_builtin4: none };
  const x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(WASM)), { env }).exports as unknown as Exports;
  x.vg_init(x.vg_static_end());
  const enc = new TextEncoder();
  const write = (bytes: Uint8Array): number => {
    const p = x.opa_malloc(bytes.length);
    new Uint8Array(mem.buffer).set(bytes, p);
    return p;
  };
  const str = (s: string): number => {
    const b = enc.encode(s);
    return x.vg_string(write(b), b.length);
  };

  const users: Record<string, unknown> = {};
  for (let i = 0; i < 5000; i++) users[`user${i}`] = { roles: ['reader', i % 3 ? 'writer' : 'admin'], dept: `d${i % 10}` };
  const dataText = enc.encode(JSON.stringify({ users }));
  const dataTextPtr = write(dataText);
  const afterText = x.opa_heap_ptr_get();
  const data = x.opa_json_parse(dataTextPtr, dataText.length);
  const usersKey = str('users');
  const userKey = str('user');
  const resultKey = str('result');
  const probe = str('user4321'); // below dataHeap: the input rounds reset the heap to it
  const dataHeap = x.opa_heap_ptr_get();

  const inputText = JSON.stringify({ user: 'user1234', action: 'read', resource: { kind: 'doc', id: 42, owner: 'user7', tags: ['x', 'y'] } });
  const input = enc.encode(inputText);
  const inputSubject = (): void => {
    for (let i = 0; i < BATCH; i++) {
      const p = write(input);
      x.vg_eval_begin(p + input.length);
      const v = x.opa_json_parse(p, input.length);
      const rec = x.vg_dot(x.vg_dot(data, usersKey), x.vg_dot(v, userKey));
      const binding = x.vg_object();
      x.vg_object_insert(binding, resultKey, x.vg_boolean(rec !== 0 ? 1 : 0));
      x.vg_result_add(binding);
      x.vg_result_dump();
      x.opa_heap_ptr_set(dataHeap);
    }
  };
  const inputBaseline = (): void => {
    for (let i = 0; i < BATCH; i++) {
      const v = JSON.parse(inputText) as { user: string };
      JSON.stringify([{ result: (users as Record<string, unknown>)[v.user] !== undefined }]);
    }
  };

  const dataSubject = (): void => {
    x.opa_heap_ptr_set(afterText);
    x.opa_json_parse(dataTextPtr, dataText.length);
  };
  const dataJson = JSON.stringify({ users });
  const dataBaseline = (): void => void JSON.parse(dataJson);

  const usersV = x.vg_dot(data, usersKey);
  const lookupSubject = (): void => {
    for (let i = 0; i < BATCH; i++) x.vg_dot(usersV, probe);
  };
  let sink = 0;
  const probeKey = 'user4321';
  const lookupBaseline = (): void => {
    for (let i = 0; i < BATCH; i++) sink += users[probeKey] ? 1 : 0;
  };

  const measure = (baseline: () => void, subject: () => void, rounds: number): Record<string, number> => {
    interleave(baseline, subject, 3, 5);
    const s = interleave(baseline, subject, rounds, 10);
    const sub = summarize(s.subject);
    const base = summarize(s.baseline);
    return { p50Us: round(sub.p50), p99Us: round(sub.p99), baselineP50Us: round(base.p50), ratio: round(sub.p50 / base.p50) };
  };
  const perCall = (m: Record<string, number>): Record<string, number> => ({
    ...m,
    p50Us: round(m.p50Us / BATCH),
    p99Us: round(m.p99Us / BATCH),
    baselineP50Us: round(m.baselineP50Us / BATCH),
  });
  const figures = {
    bench: 'rego-runtime',
    inputBytes: input.length,
    input: perCall(measure(inputBaseline, inputSubject, 50)),
    dataBytes: dataText.length,
    data: measure(dataBaseline, dataSubject, 10),
    lookup: perCall(measure(lookupBaseline, lookupSubject, 50)),
  };
  if (sink < 0) throw new Error('unreachable');
  emitJson(figures);
}

main();
