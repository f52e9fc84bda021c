/**
 * IR optimisation between plan and emit: loop-invariant code motion for pure lookups.
 *
 * The planner emits a body's refs where the body reads them, so a Scan's block re-runs lookups that
 * do not depend on the iteration: `Dot input["action"]` in the innermost of two Scans, or
 * `Dot data["rbac_data"]; Dot %10["roles"]` inside the outer Scan of `data.rbac_data.roles[role]`.
 * This pass moves such `Dot`/`Len` statements in front of the outermost Scan they are invariant in
 * (its "preheader"), each in its own block so an undefined lookup ends only that block, and leaves
 * `IsDefined target` in their place: the loop still fails exactly where the lookup would have.
 *
 * A statement moves to the preheader of Scan S only when
 * - its operands are not written anywhere inside S (assignments, Scan keys/values, mutations of a
 *   collection under construction) and are not replaced by a `With` between S and the statement
 *   (a `With` elsewhere in S restores its local before anything outside it runs);
 * - its target is written by this statement alone in the whole function, and read only inside S;
 * - its source is not a collection under construction (nor an alias of one through AssignVar).
 * `Dot` and `Len` never abort, so running one once more (or once when S has no iterations) is unseen.
 * A preheader `Dot` may see an operand that an earlier preheader block left undefined; the IR
 * contract makes that lookup undefined too (`ir.ts`, `DotStmt`).
 */
import * as ir from './ir';

/** Hoists loop-invariant lookups in every function and plan of a policy. */
export function hoistInvariants(policy: ir.Policy): ir.Policy {
  return {
    ...policy,
    plans: policy.plans.map((p) => ({ ...p, blocks: hoistBlocks(p.blocks, [ir.INPUT_LOCAL, ir.DATA_LOCAL]) })),
    funcs: policy.funcs.map((f) => ({ ...f, blocks: hoistBlocks(f.blocks, f.params) })),
  };
}

type Hoistable = ir.DotStmt | ir.LenStmt;

/**
 * A statement's position: for each enclosing block from the function's top, the block's id and the
 * statement's index in it (`[b0, i0, b1, i1, ...]`). Block ids are unique, so a read at `u` follows
 * the statement at `d` in every execution exactly when `u` runs inside the block holding `d`, at a
 * later index: `u[d.length - 2] === d[d.length - 2] && u[d.length - 1] > d[d.length - 1]`.
 */
type Position = readonly number[];

interface Use {
  readonly scans: readonly ir.ScanStmt[];
  readonly at: Position;
}

/** Facts about one function's locals, gathered before anything moves. */
interface Analysis {
  /** How many statements (and parameters) write each local. */
  readonly defs: Map<ir.Local, number>;
  /** For each local, where each of its reads is: the enclosing Scans and the statement's position. */
  readonly uses: Map<ir.Local, Use[]>;
  /** Locals read outside every Scan. */
  readonly outside: Set<ir.Local>;
  /** Where each Dot/Len statement is (absent when a statement object occurs twice). */
  readonly sites: Map<ir.Stmt, Position | null>;
  /** Locals written inside each Scan's block (With-replaced locals excluded, see the file comment). */
  readonly writes: Map<ir.ScanStmt, Set<ir.Local>>;
  /** Collections under construction and locals that may alias them. */
  readonly mutable: Set<ir.Local>;
}

export function hoistBlocks(blocks: readonly ir.Block[], params: readonly ir.Local[]): ir.Block[] {
  if (!blocks.some(hasScan)) return blocks as ir.Block[]; // no loops: skip the analysis
  const a = analyse(blocks, params);
  return blocks.map((b) => rewriteBlock(b, [], a));
}

function hasScan(b: ir.Block): boolean {
  return b.stmts.some((s) => {
    switch (s.type) {
      case 'Scan':
        return true;
      case 'Block':
        return s.blocks.some(hasScan);
      case 'Not':
      case 'With':
        return hasScan(s.block);
      case 'Switch':
        return s.cases.some((c) => hasScan(c.block));
      default:
        return false;
    }
  });
}

// ---------------------------------------------------------------------------
// Analysis

function analyse(blocks: readonly ir.Block[], params: readonly ir.Local[]): Analysis {
  const a: Analysis = { defs: new Map(), uses: new Map(), outside: new Set(), sites: new Map(), writes: new Map(), mutable: new Set() };
  for (const p of params) a.defs.set(p, 1);
  const aliases: [ir.Local, ir.Local][] = [];
  const scans: ir.ScanStmt[] = [];
  const at: number[] = [];
  let blockIds = 0;
  const def = (l: ir.Local): void => {
    a.defs.set(l, (a.defs.get(l) ?? 0) + 1);
    for (const s of scans) (a.writes.get(s) as Set<ir.Local>).add(l);
  };
  const use = (op: ir.Operand | ir.Local): void => {
    const l = typeof op === 'number' ? op : op.kind === 'local' ? op.local : undefined;
    if (l === undefined) return;
    if (scans.length === 0) return void a.outside.add(l); // no position needed: such a local never moves
    let list = a.uses.get(l);
    if (!list) a.uses.set(l, (list = []));
    list.push({ scans: [...scans], at: [...at] });
  };
  const mutate = (l: ir.Local): void => {
    a.mutable.add(l);
    def(l);
  };
  const walk = (b: ir.Block): void => {
    const id = blockIds++;
    at.push(id, 0);
    b.stmts.forEach((s, i) => {
      at[at.length - 1] = i;
      readsOf(s).forEach(use);
      if ((s.type === 'Dot' || s.type === 'Len') && scans.length > 0) a.sites.set(s, a.sites.has(s) ? null : [...at]);
      switch (s.type) {
        case 'Scan':
          a.writes.set(s, new Set());
          scans.push(s);
          def(s.key);
          def(s.value);
          walk(s.block);
          scans.pop();
          break;
        case 'Block':
          s.blocks.forEach(walk);
          break;
        case 'Not':
          walk(s.block);
          break;
        case 'Switch':
          s.cases.forEach((c) => walk(c.block));
          break;
        case 'With':
          // Counts as a definition (a moved target must have one), not as a write seen by the
          // enclosing Scans: the local is restored when the With's block ends.
          a.defs.set(s.local, (a.defs.get(s.local) ?? 0) + 1);
          walk(s.block);
          break;
        case 'ArrayAppend':
          mutate(s.array);
          break;
        case 'ObjectInsert':
        case 'ObjectInsertOnce':
          mutate(s.object);
          break;
        case 'SetAdd':
          mutate(s.set);
          break;
        case 'AssignVar':
        case 'AssignVarOnce':
          if (s.source.kind === 'local') aliases.push([s.source.local, s.target]);
          def(s.target);
          break;
        default: {
          const t = targetOf(s);
          if (t !== undefined) def(t);
        }
      }
    });
    at.length -= 2;
  };
  blocks.forEach(walk);
  closeMutable(a.mutable, aliases);
  return a;
}

/** A collection under construction may be reached through any local assigned from or to it. */
function closeMutable(mutable: Set<ir.Local>, aliases: readonly [ir.Local, ir.Local][]): void {
  if (mutable.size === 0) return;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [x, y] of aliases) {
      if (mutable.has(x) !== mutable.has(y)) {
        mutable.add(x);
        mutable.add(y);
        changed = true;
      }
    }
  }
}

/** The local a plain statement writes, if any. */
function targetOf(s: ir.Stmt): ir.Local | undefined {
  switch (s.type) {
    case 'Dot':
    case 'Len':
    case 'AssignInt':
    case 'ResetLocal':
    case 'MakeNull':
    case 'MakeNumberInt':
    case 'MakeNumberRef':
    case 'MakeArray':
    case 'MakeObject':
    case 'MakeSet':
    case 'ObjectMerge':
      return s.target;
    case 'Call':
    case 'CallDynamic':
      return s.result;
    default:
      return undefined;
  }
}

/** Operands and locals a statement reads (nested blocks excluded). */
function readsOf(s: ir.Stmt): (ir.Operand | ir.Local)[] {
  switch (s.type) {
    case 'Scan':
      return [s.source];
    case 'With':
      return [s.local, s.value];
    case 'Switch':
      return [s.source];
    case 'ReturnLocal':
      return [s.source];
    case 'ResultSetAdd':
      return [s.value];
    case 'Call':
      return [...s.args];
    case 'CallDynamic':
      return [...s.path, ...s.args];
    case 'Equal':
    case 'NotEqual':
      return [s.a, s.b];
    case 'IsArray':
    case 'IsObject':
    case 'IsSet':
    case 'IsDefined':
    case 'IsUndefined':
      return [s.source];
    case 'Dot':
      return [s.source, s.key];
    case 'AssignVar':
      return [s.source];
    case 'AssignVarOnce':
      return [s.source, s.target]; // compares with the current value
    case 'Len':
      return [s.source];
    case 'ArrayAppend':
      return [s.value, s.array];
    case 'ObjectInsert':
    case 'ObjectInsertOnce':
      return [s.key, s.value, s.object];
    case 'ObjectMerge':
      return [s.a, s.b];
    case 'SetAdd':
      return [s.value, s.set];
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------
// Rewriting

/** An enclosing Scan (collecting its preheader) or a With (a barrier for its local). */
type Frame = { readonly kind: 'scan'; readonly scan: ir.ScanStmt; readonly pre: Hoistable[] } | { readonly kind: 'with'; readonly local: ir.Local };

function rewriteBlock(b: ir.Block, frames: Frame[], a: Analysis): ir.Block {
  const out: ir.Stmt[] = [];
  for (const s of b.stmts) {
    switch (s.type) {
      case 'Scan': {
        const frame: Frame = { kind: 'scan', scan: s, pre: [] };
        frames.push(frame);
        const block = rewriteBlock(s.block, frames, a);
        frames.pop();
        if (frame.pre.length > 0) out.push({ type: 'Block', blocks: frame.pre.map((h) => ({ stmts: [h] })) });
        out.push({ ...s, block });
        break;
      }
      case 'Block':
        out.push({ ...s, blocks: s.blocks.map((x) => rewriteBlock(x, frames, a)) });
        break;
      case 'Not':
        out.push({ ...s, block: rewriteBlock(s.block, frames, a) });
        break;
      case 'Switch':
        out.push({ ...s, cases: s.cases.map((c) => ({ ...c, block: rewriteBlock(c.block, frames, a) })) });
        break;
      case 'With': {
        frames.push({ kind: 'with', local: s.local });
        out.push({ ...s, block: rewriteBlock(s.block, frames, a) });
        frames.pop();
        break;
      }
      case 'Dot':
      case 'Len':
        out.push(tryHoist(s, frames, a) ?? s);
        break;
      default:
        out.push(s);
    }
  }
  return { stmts: out };
}

/** Moves `s` to the outermost Scan it is invariant in; returns what replaces it, or undefined to keep it. */
function tryHoist(s: Hoistable, frames: Frame[], a: Analysis): ir.Stmt | undefined {
  const site = a.sites.get(s);
  if (!site || a.defs.get(s.target) !== 1 || a.mutable.has(s.target)) return undefined;
  const operands = (s.type === 'Dot' ? [s.source, s.key] : [s.source]).flatMap((o) => (o.kind === 'local' ? [o.local] : []));
  if (operands.some((l) => a.mutable.has(l))) return undefined;
  let dest: number | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i] as Frame;
    if (f.kind === 'with') {
      if (operands.includes(f.local)) break;
      continue;
    }
    const written = a.writes.get(f.scan) as Set<ir.Local>;
    if (operands.some((l) => written.has(l))) break;
    if (!usesInside(a, s.target, f.scan, site)) break;
    dest = i;
  }
  if (dest === undefined) return undefined;
  const frame = frames[dest] as Extract<Frame, { kind: 'scan' }>;
  frame.pre.push(s);
  // The target is now written before these Scans, not inside them: lookups chained on it may follow.
  for (let i = dest; i < frames.length; i++) {
    const f = frames[i] as Frame;
    if (f.kind === 'scan') a.writes.get(f.scan)?.delete(s.target);
  }
  return { type: 'IsDefined', source: s.target };
}

/** Every read of `l` (defined at `def`) follows its definition and lies inside `scan`. */
function usesInside(a: Analysis, l: ir.Local, scan: ir.ScanStmt, def: Position): boolean {
  if (a.outside.has(l)) return false;
  const n = def.length;
  return (a.uses.get(l) ?? []).every((u) => u.scans.includes(scan) && u.at[n - 2] === def[n - 2] && (u.at[n - 1] as number) > (def[n - 1] as number));
}
