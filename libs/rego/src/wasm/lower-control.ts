/**
 * Lowering of the IR's control statements: Block, Not, Scan, With and ReturnLocal.
 */
import type { BlockStmt, Local, NotStmt, ScanStmt, SwitchStmt, WithStmt } from '../plan/ir';
import type { FunctionLowerer, WithFrame } from './lower';
import { lowerStmts } from './lower-stmts';

/** Each nested block is its own wasm block: undefined inside ends only that block. */
export function lowerBlockStmt(f: FunctionLowerer, s: BlockStmt): void {
  for (const b of s.blocks) f.irBlock(() => lowerStmts(f, b));
}

/** Below this many cases a chain of equality tests beats a hash lookup. */
const SWITCH_TABLE_MIN = 4;

/**
 * Switch: runs the case whose constant equals `source` (or none); never undefined itself.
 * Small switches are a chain of `vg_equal` tests. Larger ones look `source` up in an object built
 * by the start function (constant → marker), whose marker is a static string with as many code
 * points as the case's index, so `vg_len(marker)` selects the `br_table` arm: one hash lookup.
 */
export function lowerSwitch(f: FunctionLowerer, s: SwitchStmt): void {
  const c = f.code;
  const n = s.cases.length;
  c.block(); // exit
  f.pushPlainLabel();
  if (n < SWITCH_TABLE_MIN) {
    for (const k of s.cases) {
      c.local_get(f.local(s.source));
      f.constant(k.value);
      c.call(f.rt.func('vg_equal')).if();
      f.within({ kind: 'plain' }, () => f.irBlock(() => lowerStmts(f, k.block)));
      c.br(1).end();
    }
  } else {
    const hit = f.scratch();
    for (let i = 0; i < n; i++) {
      c.block();
      f.pushPlainLabel();
    }
    c.local_get(f.local(s.source)).i32_eqz().br_if(n);
    c.global_get(f.ctx.consts.switchTableGlobal(s.cases.map((k) => k.value)));
    c.local_get(f.local(s.source)).call(f.rt.func('vg_dot')).local_tee(hit).i32_eqz().br_if(n);
    c.local_get(hit).call(f.rt.func('vg_len')).br_table(s.cases.map((_, i) => i), n);
    s.cases.forEach((k, i) => {
      c.end();
      f.popLabel();
      f.irBlock(() => lowerStmts(f, k.block));
      if (i < n - 1) c.br(n - 1 - i);
    });
  }
  f.popLabel();
  c.end();
}

/** Not: if the block runs to completion, the Not is undefined (leave the enclosing block). */
export function lowerNot(f: FunctionLowerer, s: NotStmt): void {
  f.irBlock(() => {
    lowerStmts(f, s.block);
    f.breakOut(1);
  });
}

/**
 * Scan by index over the runtime's iteration API (O(1) per step, sorted order for objects and
 * sets). The body is the loop: leaving it (undefined, Break 0) goes to the next element.
 *
 *   n := vg_iter_len(src); i := 0
 *   block            ;; exit
 *     loop           ;; body (IR block)
 *       br_if exit (i >= n)
 *       key := vg_iter_key(src, i); value := vg_iter_value(src, i); i++   (each only if read)
 *       <body>
 *       br loop
 */
export function lowerScan(f: FunctionLowerer, s: ScanStmt): void {
  const c = f.code;
  const rt = f.rt;
  const src = f.local(s.source);
  const n = f.scratch();
  const i = f.scratch();
  c.local_get(src).call(rt.func('vg_iter_len')).local_set(n);
  c.i32_const(0).local_set(i);
  c.block();
  f.within({ kind: 'plain' }, () => {
    c.loop();
    f.within({ kind: 'ir' }, () => {
      c.local_get(i).local_get(n).i32_ge_u().br_if(1);
      // Keys and values nothing reads are not fetched (`some x in xs` ignores the key).
      if (f.isRead(s.key)) c.local_get(src).local_get(i).call(rt.func('vg_iter_key')).local_set(f.local(s.key));
      if (f.isRead(s.value)) c.local_get(src).local_get(i).call(rt.func('vg_iter_value')).local_set(f.local(s.value));
      c.local_get(i).i32_const(1).i32_add().local_set(i);
      lowerStmts(f, s.block);
      c.br(0);
    });
    c.end();
  });
  c.end();
}

/**
 * With: replace the local (a copy with `path` upserted, or the value itself), run the block in a
 * fresh memo frame, then restore the local and pop the frame whether the block completed, failed
 * or broke out further. `flag` says how the block ended: 0 completed, 1 undefined, k + 1 a
 * Break to the k-th block enclosing the With (see FunctionLowerer.breakOut).
 */
export function lowerWith(f: FunctionLowerer, s: WithStmt): void {
  const c = f.code;
  const rt = f.rt;
  const target = f.local(s.local);
  const save = f.scratch();
  const frame: WithFrame = { flag: f.scratch(), maxCode: 1 };
  c.local_get(target).local_set(save);
  if (s.path.length === 0) {
    f.operand(s.value);
  } else {
    c.local_get(target).global_get(f.ctx.consts.pathGlobal(s.path));
    f.operand(s.value);
    c.call(rt.func('vg_upsert_path'));
  }
  c.local_set(target);
  c.call(rt.func('vg_memo_push'));
  c.i32_const(1).local_set(frame.flag);
  f.within({ kind: 'barrier', frame }, () =>
    f.irBlock(() => {
      lowerStmts(f, s.block);
      c.i32_const(0).local_set(frame.flag);
    }),
  );
  c.local_get(save).local_set(target);
  c.call(rt.func('vg_memo_pop'));
  finishWith(f, frame);
}

/** Re-issues whatever made the With's block end early, now that the With is undone. */
function finishWith(f: FunctionLowerer, frame: WithFrame): void {
  const c = f.code;
  if (frame.maxCode === 1) {
    c.local_get(frame.flag);
    f.failIf();
    return;
  }
  for (let code = 1; code <= frame.maxCode; code++) {
    c.local_get(frame.flag).i32_const(code).i32_eq().if();
    f.within({ kind: 'plain' }, () => f.breakOut(code - 1));
    c.end();
  }
}

/**
 * Return: pop the memo frames of enclosing Withs, then memoise (memoised functions) in the
 * caller's frame, where the function's own Withs no longer apply.
 */
export function lowerReturn(f: FunctionLowerer, source: Local): void {
  const c = f.code;
  const value = f.local(source);
  for (let i = f.withDepth; i > 0; i--) c.call(f.rt.func('vg_memo_pop'));
  if (f.opts.memoSlot !== undefined) c.i32_const(f.opts.memoSlot).local_get(value).call(f.rt.func('vg_memo_set'));
  c.local_get(value).return();
}
