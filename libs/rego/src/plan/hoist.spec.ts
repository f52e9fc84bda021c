/**
 * The IR optimisation stage (hoist.ts): loop-invariant lookups move in front of the outermost Scan
 * they do not depend on, nothing else moves, and results never change (random inputs and data
 * through the real SDK, optimised against unoptimised).
 */
import fc from 'fast-check';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { block, local } from '../wasm/test-ir';
import { inputArg, loadRego } from './e2e-util';
import { hoistBlocks } from './hoist';
import type * as ir from './ir';
import { printPolicy } from './print-ir';
import { planRego } from './spec-util';
import { hoistInvariants } from './hoist';

const RBAC = `
  package rbac
  allow if {
    some role in data.roles_of[input.user]
    some perm in data.perms[role]
    perm.action == input.action
    perm.resource == input.resource
  }
`;

const str = (index: number): ir.Operand => ({ kind: 'string', index });
const dot = (source: ir.Operand, key: ir.Operand, target: ir.Local): ir.Stmt => ({ type: 'Dot', source, key, target });
const scan = (source: ir.Local, key: ir.Local, value: ir.Local, ...stmts: ir.Stmt[]): ir.Stmt => ({ type: 'Scan', source, key, value, block: block(...stmts) });

/** The statements of a function's first block, as printed IR lines (trimmed). */
function lines(blocks: readonly ir.Block[]): string[] {
  const policy: ir.Policy = { static: { strings: ['a', 'b', 'c'], builtins: [], files: [] }, plans: [{ name: 'p', blocks }], funcs: [] };
  return printPolicy(policy)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(plan|block)/.test(l));
}

describe('hoistInvariants', () => {
  it('moves input and data lookups in front of the outermost Scan they do not depend on', () => {
    const text = printPolicy(hoistInvariants(planRego(RBAC, { entrypoints: ['rbac/allow'] })));
    // data.perms before the outer Scan; input.action and input.resource too (invariant in both loops).
    expect(text).toMatch(/Block\n\s+block\n\s+Dot data\["perms"\] -> (%\d+)\n\s+block\n\s+Dot input\["action"\] -> (%\d+)\n\s+block\n\s+Dot input\["resource"\] -> (%\d+)\n\s+Scan/);
    // Inside the loops only tests remain where the lookups were.
    expect(text).toMatch(/Scan %\d+ -> %\d+, %\d+\n\s+block\n\s+IsDefined %\d+\n\s+Dot %\d+\[%\d+\]/);
    expect(text.match(/Dot input\["action"\]/g)).toHaveLength(1);
  });

  it('keeps lookups that depend on the iteration, on a With inside the loop, or on a collection being built', () => {
    const [A, B] = [str(0), str(1)];
    const out = lines(
      hoistBlocks(
        [
          block(
            dot(local(0), A, 3),
            scan(
              3,
              4,
              5,
              dot(local(5), A, 6), // reads the iteration's value
              { type: 'With', local: 0, path: [0], value: local(5), block: block(dot(local(0), B, 7), { type: 'Equal', a: local(7), b: local(6) }) },
              { type: 'ObjectInsert', key: A, value: local(6), object: 8 }, // 8 is under construction
              dot(local(8), A, 9),
              dot(local(1), B, 10), // invariant, but read after the loop too
              dot(local(1), A, 11), // invariant, read inside only: moves
              { type: 'Equal', a: local(11), b: local(9) },
            ),
            { type: 'IsDefined', source: 10 },
          ),
        ],
        [0, 1],
      ),
    );
    expect(out).toEqual([
      'Dot input["a"] -> %3',
      'Block',
      'Dot data["a"] -> %11',
      'Scan %3 -> %4, %5',
      'Dot %5["a"] -> %6',
      'With input["a"] = %5',
      'Dot input["b"] -> %7',
      'Equal %7, %6',
      'ObjectInsert %8["a"] = %6',
      'Dot %8["a"] -> %9',
      'Dot data["b"] -> %10',
      'IsDefined %11',
      'Equal %11, %9',
      'IsDefined %10',
    ]);
  });

  it('moves a chain of lookups in order, and an inner loop’s invariant past both loops', () => {
    const [A, B] = [str(0), str(1)];
    const out = lines(
      hoistBlocks(
        [block(scan(0, 3, 4, dot(local(1), A, 5), dot(local(5), B, 6), scan(4, 7, 8, dot(local(6), local(8), 9), { type: 'Equal', a: local(9), b: local(7) })))],
        [0, 1],
      ),
    );
    expect(out).toEqual([
      'Block',
      'Dot data["a"] -> %5',
      'Dot %5["b"] -> %6',
      'Scan input -> %3, %4',
      'IsDefined %5',
      'IsDefined %6',
      'Scan %4 -> %7, %8',
      'Dot %6[%8] -> %9',
      'Equal %9, %7',
    ]);
  });

  it('leaves functions without loops as they are', () => {
    const blocks = [block(dot(local(0), str(0), 3), { type: 'ReturnLocal', source: 3 })];
    expect(hoistBlocks(blocks, [0, 1])).toBe(blocks);
  });
});

/** Loop-heavy shapes: nested some/in, every, comprehensions, not, with inside loops, data refs. */
const LOOPS = `
  package loops
  allow if {
    some role in data.roles_of[input.user]
    some perm in data.perms[role]
    perm.action == input.action
    perm.resource == input.resource
  }
  grants contains [r, p.action] if {
    some r in data.roles_of[input.user]
    some p in data.perms[r]
    p.resource == input.resource
  }
  all_read if {
    rs := data.roles_of[input.user]
    every r in rs { some p in data.perms[r]; p.action == input.action }
  }
  per_role := {r: actions |
    some r in data.roles_of[input.user]
    actions := [p.action | some p in data.perms[r]; p.resource == input.resource]
  }
  none_admin if {
    some r in data.roles_of[input.user]
    not data.admin[r]
    count(data.perms[r]) > input.n
  }
  shadowed contains x if {
    some r in data.roles_of[input.user]
    x := data.perms[r][_].action with input.action as r
  }
  replaced contains x if {
    some r in data.roles_of[input.user]
    x := [input.action, input.user] with input.action as r
  }
  mocked contains x if {
    some u in object.keys(data.roles_of)
    allow with input.user as u
    x := u
  }
`;
const LOOP_ENTRYPOINTS = ['loops/allow', 'loops/grants', 'loops/all_read', 'loops/per_role', 'loops/none_admin', 'loops/shadowed', 'loops/replaced', 'loops/mocked'];

const ACTIONS = ['read', 'write', 'nuke'];
const dataArb = fc.record({
  roles_of: fc.dictionary(fc.constantFrom('alice', 'bob', 'carol'), fc.array(fc.constantFrom('r1', 'r2', 'r3'), { maxLength: 3 })),
  perms: fc.dictionary(fc.constantFrom('r1', 'r2', 'r3'), fc.array(fc.record({ action: fc.constantFrom(...ACTIONS), resource: fc.constantFrom('x', 'y') }), { maxLength: 3 })),
  admin: fc.dictionary(fc.constantFrom('r1', 'r2'), fc.boolean()),
});
const inputArb = fc.record(
  { user: fc.constantFrom('alice', 'bob', 'carol', 'dave'), action: fc.constantFrom(...ACTIONS), resource: fc.constantFrom('x', 'y'), n: fc.integer({ min: 0, max: 2 }) },
  { requiredKeys: [] },
);

function evaluateAll(p: LoadedPolicy, input: unknown, data: object): unknown[] {
  p.setData(data);
  return LOOP_ENTRYPOINTS.map((ep) => {
    try {
      return p.evaluate(inputArg(input), ep);
    } catch (e) {
      return `error: ${String(e)}`;
    }
  });
}

describe('hoistInvariants: results', () => {
  it('evaluates like the unoptimised plan', async () => {
    const off = await loadRego(LOOPS, { entrypoints: LOOP_ENTRYPOINTS, optimize: false });
    const on = await loadRego(LOOPS, { entrypoints: LOOP_ENTRYPOINTS });
    fc.assert(
      fc.property(inputArb, dataArb, (input, data) => {
        expect(evaluateAll(on, input, data)).toEqual(evaluateAll(off, input, data));
      }),
      { numRuns: 300 },
    );
  });
});
