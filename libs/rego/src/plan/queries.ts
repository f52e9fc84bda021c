/**
 * Plans: entrypoints and queries. A query plan runs the query body and, for every solution, adds an
 * object of the query's own variables (`{"x": ...}`) to the result set; a query without variables
 * adds `{}` per solution. An entrypoint `a/b` is the query `data.a.b = result`.
 */
import type { CheckedQuery } from '../check/program';
import type { Location } from '../diagnostics';
import type { RefTerm, Term } from '../syntax/ast';
import { localOp } from './builder';
import { FuncCtx, type Planner } from './context';
import { planBody } from './exprs';
import type * as ir from './ir';
import { planRef } from './refs';
import { varLocal } from './terms';

export function planQuery(planner: Planner, q: CheckedQuery, name: string): ir.Plan {
  const c = new FuncCtx(planner, planner.rootScope, [], 2, q.loc);
  const block = c.b.block(() =>
    planBody(c, q.body, () => {
      const obj = c.newLocal();
      c.emit({ type: 'MakeObject', target: obj });
      for (const b of q.bindings) {
        c.emit({ type: 'ObjectInsert', key: c.str(b.name), value: localOp(varLocal(c, b.local)), object: obj });
      }
      c.emit({ type: 'ResultSetAdd', value: obj });
    }),
  );
  return { name, blocks: [block] };
}

/** `a/b` → the plan binding `data.a.b` to `result`. */
export function planEntrypoint(planner: Planner, path: readonly string[], name: string): ir.Plan {
  const loc: Location = { file: '', row: 0, col: 0 };
  const c = new FuncCtx(planner, planner.rootScope, [], 2, loc);
  const ref: RefTerm = {
    kind: 'ref',
    head: { kind: 'var', name: 'data', loc },
    path: path.map((value): Term => ({ kind: 'string', value, loc })),
    loc,
  };
  const block = c.b.block(() =>
    planRef(c, ref, (value) => {
      const obj = c.newLocal();
      c.emit({ type: 'MakeObject', target: obj });
      c.emit({ type: 'ObjectInsert', key: c.str('result'), value: localOp(value), object: obj });
      c.emit({ type: 'ResultSetAdd', value: obj });
    }),
  );
  return { name, blocks: [block] };
}
