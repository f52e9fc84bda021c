/**
 * `every k, v in domain { body }`: true when the body holds for every element (so true for an
 * empty or non-collection domain). One Scan over the domain; an element whose body has no solution
 * sets a flag, and the expression is defined only when the flag stays unset. Variables of the body
 * are local to it.
 */
import type { EveryExpr } from '../syntax/ast';
import { localOp } from './builder';
import type { FuncCtx } from './context';
import type * as ir from './ir';
import { planBody } from './exprs';
import { type Cont, toLocal, planTerm } from './terms';
import { unifyLocal } from './unify';

export function planEvery(c: FuncCtx, e: EveryExpr, k: Cont): void {
  planTerm(c, e.domain, (op) => {
    const domain = toLocal(c, op);
    const failed = c.newLocal();
    const key = c.newLocal();
    const value = c.newLocal();
    requireCollection(c, domain);
    c.emit({ type: 'ResetLocal', target: failed });
    const block = c.b.block(() =>
      c.vars.scoped(() => {
        const held = c.newLocal();
        c.emit({ type: 'ResetLocal', target: held });
        c.b.nested(() =>
          c.vars.scoped(() => {
            const body = (): void => planBody(c, e.body, () => c.emit({ type: 'AssignVar', source: { kind: 'bool', value: true }, target: held }));
            const withValue = (): void => unifyLocal(c, e.value, value, body);
            if (e.key) unifyLocal(c, e.key, key, withValue);
            else withValue();
          }),
        );
        c.b.nested(() => {
          c.emit({ type: 'IsUndefined', source: held });
          c.emit({ type: 'AssignVar', source: { kind: 'bool', value: true }, target: failed });
        });
      }),
    );
    c.emit({ type: 'Scan', source: domain, key, value, block });
    c.emit({ type: 'IsUndefined', source: failed });
    k();
  });
}

/** `every` over a scalar (or undefined) is undefined, not vacuously true. */
function requireCollection(c: FuncCtx, domain: ir.Local): void {
  const ok = c.newLocal();
  c.emit({ type: 'ResetLocal', target: ok });
  for (const type of ['IsArray', 'IsObject', 'IsSet'] as const) {
    c.b.nested(() => {
      c.emit({ type, source: localOp(domain) });
      c.emit({ type: 'AssignVar', source: { kind: 'bool', value: true }, target: ok });
    });
  }
  c.emit({ type: 'IsDefined', source: ok });
}
