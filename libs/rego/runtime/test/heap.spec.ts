import { MEMO_UNDEFINED } from '../../src/wasm/runtime-api';
import { loadRuntime } from './harness';

const PAGE = 65536;

describe('heap, lifecycle and per-evaluation state', () => {
  it('is a bump allocator whose whole state is the heap pointer', () => {
    const { x } = loadRuntime({ init: false });
    const start = x.opa_heap_ptr_get();
    expect(start).toBe((x.vg_static_end() + 7) & ~7);
    const a = x.opa_malloc(3);
    const b = x.opa_malloc(5);
    expect(a).toBe(start);
    expect(b).toBe(a + 8);
    expect(b % 8).toBe(0);
    x.opa_heap_ptr_set(a);
    expect(x.opa_malloc(16)).toBe(a); // everything above the pointer was discarded
    x.opa_free(a); // a no-op
    expect(x.opa_heap_ptr_get()).toBe(a + 16);
  });

  it('starts evaluations at the aligned heap pointer the SDK passes', () => {
    const { x } = loadRuntime();
    const p = x.opa_heap_ptr_get() + 13;
    x.vg_eval_begin(p);
    expect(x.opa_heap_ptr_get()).toBe(p + 3);
    expect(x.opa_malloc(1) % 8).toBe(0);
  });

  it('sets the heap base in vg_init and preallocates small integers below it', () => {
    const { x } = loadRuntime({ init: false });
    x.vg_init(x.vg_static_end() + 1000);
    const base = x.opa_heap_ptr_get();
    expect(base).toBeGreaterThan(x.vg_static_end() + 1000);
    expect(x.vg_int(5)).toBe(x.vg_int(5));
    expect(x.vg_int(5)).toBeLessThan(base);
    expect(x.vg_int(100000)).not.toBe(x.vg_int(100000));
  });

  it('uses memory the host grew behind its back instead of growing again', () => {
    const rt = loadRuntime({ initial: 2 });
    const { x, mem } = rt;
    mem.grow(3); // the SDK grows memory to copy input text in
    expect(mem.buffer.byteLength).toBe(5 * PAGE);
    x.opa_heap_ptr_set(2 * PAGE - 8);
    const p = x.opa_malloc(2 * PAGE); // ends inside the memory the host added
    expect(mem.buffer.byteLength).toBe(5 * PAGE);
    new Uint8Array(mem.buffer).fill(1, p, p + 2 * PAGE);
    const q = x.opa_malloc(3 * PAGE); // needs more: grows
    expect(mem.buffer.byteLength).toBeGreaterThanOrEqual(q + 3 * PAGE);
    new Uint8Array(mem.buffer).fill(2, q, q + 3 * PAGE);
  });

  it('aborts with exactly "opa_malloc: failed" when memory cannot grow', () => {
    const rt = loadRuntime({ initial: 2, maximum: 3 });
    const room = 3 * PAGE - rt.x.opa_heap_ptr_get(); // what the maximum leaves above the heap pointer
    expect(rt.abortText(() => rt.x.opa_malloc(room + 1))).toBe('opa_malloc: failed');
    expect(rt.abortText(() => rt.x.opa_malloc(0x7fffffff))).toBe('opa_malloc: failed');
    expect(rt.x.opa_malloc(room - 8)).toBeGreaterThan(0); // still usable up to the maximum
    expect(rt.abortText(() => rt.x.vg_array(4096))).toBe('opa_malloc: failed');
  });

  it('keeps memory flat over repeated evaluations (the SDK loop: copy input, eval_begin, parse, dump)', () => {
    const rt = loadRuntime({ initial: 2, maximum: 8 });
    const { x } = rt;
    const dataHeap = x.opa_heap_ptr_get();
    const input = JSON.stringify({ user: 'alice', roles: Array.from({ length: 200 }, (_, i) => `role-${i}`) });
    let size = 0;
    for (let i = 0; i < 50; i++) {
      x.opa_heap_ptr_set(dataHeap);
      const [p, n] = rt.write(input);
      x.vg_eval_begin(p + n);
      const v = x.opa_json_parse(p, n);
      x.vg_result_add(v);
      expect(JSON.parse(rt.text(x.vg_result_dump()))).toEqual([JSON.parse(input)]);
      if (i === 1) size = rt.mem.buffer.byteLength;
    }
    expect(rt.mem.buffer.byteLength).toBe(size);
  });

  it('memoises per evaluation, with frames for `with` blocks', () => {
    const { x } = loadRuntime();
    x.vg_memo_init(8);
    const base = x.opa_heap_ptr_get();
    x.vg_eval_begin(base);
    const v = x.vg_int(42);
    expect(x.vg_memo_get(3)).toBe(0);
    x.vg_memo_set(3, v);
    x.vg_memo_set(5, 0);
    x.vg_memo_set(6, x.vg_true());
    expect(x.vg_memo_get(3)).toBe(v);
    expect(x.vg_memo_get(5)).toBe(MEMO_UNDEFINED);
    x.vg_memo_push();
    expect(x.vg_memo_get(3)).toBe(0);
    x.vg_memo_set(3, x.vg_false());
    expect(x.vg_memo_get(3)).toBe(x.vg_false());
    x.vg_memo_push();
    expect(x.vg_memo_get(3)).toBe(0);
    x.vg_memo_pop();
    expect(x.vg_memo_get(3)).toBe(x.vg_false());
    x.vg_memo_pop();
    expect(x.vg_memo_get(3)).toBe(0); // overwritten inside the frame: computed again
    expect(x.vg_memo_get(6)).toBe(x.vg_true()); // untouched by the frame: still memoised
    x.vg_memo_pop(); // unbalanced pops are ignored
    expect(x.vg_memo_get(99)).toBe(0);
    x.vg_memo_set(99, v); // out of range: ignored
    x.vg_eval_begin(base);
    expect(x.vg_memo_get(6)).toBe(0); // a new evaluation forgets everything
  });

  it('misses always without vg_memo_init or before the first evaluation', () => {
    const { x } = loadRuntime();
    x.vg_memo_set(0, x.vg_true());
    expect(x.vg_memo_get(0)).toBe(0);
    x.vg_memo_init(2);
    expect(x.vg_memo_get(0)).toBe(0);
  });

  it('collects a deduplicated, sorted result set and resets it per evaluation', () => {
    const rt = loadRuntime();
    const { x } = rt;
    const base = x.opa_heap_ptr_get();
    x.vg_eval_begin(base);
    expect(rt.text(x.vg_result_dump())).toBe('[]');
    x.vg_result_add(rt.parse('{"x": 2}'));
    x.vg_result_add(rt.parse('{"x": 1}'));
    x.vg_result_add(rt.parse('{"x": 1.0}'));
    x.vg_result_add(0);
    expect(rt.text(x.vg_result_dump())).toBe('[{"x":1},{"x":2}]');
    x.vg_eval_begin(base);
    expect(rt.text(x.vg_result_dump())).toBe('[]');
  });

  it('implements the slow-path evaluation context', () => {
    const rt = loadRuntime();
    const { x } = rt;
    const ctx = x.opa_eval_ctx_new();
    const input = rt.parse('{"a":1}');
    const data = rt.parse('{}');
    x.opa_eval_ctx_set_input(ctx, input);
    x.opa_eval_ctx_set_data(ctx, data);
    x.opa_eval_ctx_set_entrypoint(ctx, 3);
    expect([x.vg_ctx_input(ctx), x.vg_ctx_data(ctx), x.vg_ctx_entrypoint(ctx), x.opa_eval_ctx_get_result(ctx)]).toEqual([input, data, 3, 0]);
    x.vg_eval_begin(x.opa_heap_ptr_get());
    x.vg_ctx_set_result(ctx, x.vg_result_set());
    expect(rt.dump(x.opa_eval_ctx_get_result(ctx))).toBe('[]');
  });

  it('aborts with code, message and location', () => {
    const rt = loadRuntime();
    const { x } = rt;
    const [msg, msgLen] = rt.write('something broke');
    const [file, fileLen] = rt.write('policy.rego');
    expect(rt.abortText(() => x.vg_abort(4, msg, msgLen, file, fileLen, 12, 3))).toBe('internal_error: something broke (policy.rego:12:3)');
    expect(rt.abortText(() => x.vg_abort(2, msg, msgLen, 0, 0, 0, 0))).toBe('eval_builtin_error: something broke');
    expect(rt.abortText(() => x.vg_conflict_abort(0, file, fileLen, 5, 1))).toBe(
      'eval_conflict_error: complete rules must not produce multiple outputs (policy.rego:5:1)',
    );
    expect(rt.abortText(() => x.vg_conflict_abort(1, file, fileLen, 7, 9))).toBe(
      'eval_conflict_error: functions must not produce multiple outputs for same inputs (policy.rego:7:9)',
    );
    expect(rt.abortText(() => x.vg_conflict_abort(2, 0, 0, 0, 0))).toBe('eval_conflict_error: object keys must be unique');
  });

  it('starts strict builtin errors with the recorded call location, until the next evaluation', () => {
    const rt = loadRuntime();
    const { x } = rt;
    const [file, fileLen] = rt.write('dir/p.rego');
    const [msg] = rt.write('div: divide by zero\0');
    x.vg_set_strict(1);
    expect(x.vigil_error_location()).toBe(0);
    x.vg_set_location(file, fileLen, 14, 5);
    expect(rt.text(x.vigil_error_location())).toBe('dir/p.rego:14:5');
    expect(rt.abortText(() => x.vg_builtin_error(msg))).toBe('dir/p.rego:14: eval_builtin_error: div: divide by zero');
    x.vg_eval_begin(x.opa_heap_ptr_get());
    expect(x.vigil_error_location()).toBe(0);
    expect(rt.abortText(() => x.vg_builtin_error(msg))).toBe('eval_builtin_error: div: divide by zero');
    // non-strict: recorded without a location, the call is undefined
    x.vg_set_strict(0);
    x.vg_set_location(file, fileLen, 14, 5);
    expect(x.vg_builtin_error(msg)).toBe(0);
    expect(rt.text(x.vg_last_error())).toBe('eval_builtin_error: div: divide by zero');
  });
});
