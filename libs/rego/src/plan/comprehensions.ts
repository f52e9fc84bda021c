/**
 * Comprehensions. The collection is created empty, the body is planned in a nested block whose
 * last statement adds the head to it, and the body's variables stay inside that block. Object
 * comprehensions insert once per key: two different values for one key abort with
 * "object keys must be unique".
 */
import type { ComprehensionTerm } from '../syntax/ast';
import type { FuncCtx } from './context';
import { planBody } from './exprs';
import type * as ir from './ir';
import { planTerm } from './terms';

export function planComprehension(c: FuncCtx, t: ComprehensionTerm, k: (l: ir.Local) => void): void {
  const target = c.newLocal();
  switch (t.kind) {
    case 'arrayComprehension':
      c.emit({ type: 'MakeArray', capacity: 0, target });
      break;
    case 'setComprehension':
      c.emit({ type: 'MakeSet', target });
      break;
    case 'objectComprehension':
      c.emit({ type: 'MakeObject', target });
      break;
  }
  const loc = t.loc;
  c.b.nested(() =>
    c.vars.scoped(() =>
      planBody(c, t.body, () => {
        if (t.kind === 'objectComprehension') {
          return planTerm(c, t.key, (key) =>
            planTerm(c, t.value, (value) => {
              const saved = c.loc;
              c.loc = loc;
              c.emitAt({ type: 'ObjectInsertOnce', key, value, object: target, conflict: 'objectKey' });
              c.loc = saved;
            }),
          );
        }
        planTerm(c, t.head, (value) =>
          c.emit(t.kind === 'arrayComprehension' ? { type: 'ArrayAppend', value, array: target } : { type: 'SetAdd', value, set: target }),
        );
      }),
    ),
  );
  k(target);
}
