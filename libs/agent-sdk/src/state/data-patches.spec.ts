import fc from 'fast-check';
import type { DataDeltaEvent, RevocationEvent, RoleBindingDeltaEvent } from '@vigil/contracts';
import { EnforcedState, type PolicyDataPatch } from './enforced-state';

/** Applies path edits to a plain document, as opa_value_add_path/remove_path do in the module. */
function applyPatch(doc: Record<string, unknown>, p: PolicyDataPatch): void {
  let node = doc;
  for (const k of p.path.slice(0, -1)) {
    if (node[k] === undefined) node[k] = {};
    if (!node[k] || typeof node[k] !== 'object' || Array.isArray(node[k])) throw new Error(`not an object at ${k}`);
    node = node[k] as Record<string, unknown>;
  }
  const last = p.path[p.path.length - 1];
  if (p.op === 'add') node[last] = structuredClone(p.value);
  else delete node[last];
}

const base = { BASE: true, tenants: { initech: { plan: 'free' }, acme: 5 }, flag: 'x' };
const id = fc.constantFrom('1', '2', '3', '4', '5');
const word = fc.constantFrom('alice', 'bob', 'carol');
const docPath = fc.constantFrom('tenants', 'tenants/acme', 'tenants/acme/plan', 'tenants/globex', 'flag', 'a/b/c', 'a/b', 'a', 'vigil/x');
const meta = { v: 1, revision: 1, prev: 0, issued_at: 0 } as const;

const delta = fc.oneof(
  fc.record({ put: fc.array(fc.record({ id, subject: word, role: fc.constantFrom('admin', 'reader'), scope: fc.option(word) }), { maxLength: 3 }), delete: fc.array(id, { maxLength: 2 }) }).map(
    (d): RoleBindingDeltaEvent => ({ ...meta, type: 'role_binding_delta', ...d }),
  ),
  fc.record({ put: fc.array(fc.record({ id, kind: fc.constantFrom('subject' as const, 'session' as const), value: word, reason: fc.option(fc.string({ maxLength: 4 })) }), { maxLength: 2 }), delete: fc.array(id, { maxLength: 2 }) }).map(
    (d): RevocationEvent => ({ ...meta, type: 'revocation', ...d }),
  ),
  fc.record({ put: fc.array(fc.record({ path: docPath, value: fc.oneof(fc.integer(), fc.dictionary(fc.constantFrom('plan', 'c', 'z'), fc.integer(), { maxKeys: 2 })) }), { maxLength: 2 }), delete: fc.array(docPath, { maxLength: 2 }) }).map(
    (d): DataDeltaEvent => ({ ...meta, type: 'data_delta', ...d }),
  ),
);

function apply(s: EnforcedState, e: DataDeltaEvent | RoleBindingDeltaEvent | RevocationEvent): void {
  if (e.type === 'data_delta') s.applyData(e);
  else if (e.type === 'role_binding_delta') s.applyRoleBindings(e);
  else s.applyRevocations(e);
}

describe('EnforcedState.takePatches', () => {
  it('patches a built data document into exactly what a full rebuild gives, after any deltas', () => {
    let patched = 0;
    fc.assert(
      fc.property(fc.array(delta, { maxLength: 6 }), fc.array(fc.array(delta, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (setup, batches) => {
        const s = new EnforcedState();
        for (const e of setup) apply(s, e);
        const doc = s.toDataDocument(base);
        for (const batch of batches) {
          for (const e of batch) apply(s, e);
          let patches: PolicyDataPatch[] | null;
          try {
            patches = s.takePatches(base)!;
            for (const p of patches) applyPatch(doc, p);
          } catch {
            // The module refuses a path through a non-object too: the enforcer then loads data whole.
            Object.keys(doc).forEach((k) => delete doc[k]);
            Object.assign(doc, s.toDataDocument(base));
            continue;
          }
          expect(s.dirty).toBe(false);
          expect(doc).toEqual(s.toDataDocument(base));
          patched++;
        }
      }),
      { numRuns: 400 },
    );
    expect(patched).toBeGreaterThan(400); // most batches patch; refusals (a path through a plain value) are rare
  });

  it('patches one key per touched subject or revocation, not the document', () => {
    const s = new EnforcedState({ data: [], role_bindings: Array.from({ length: 100 }, (_, i) => ({ id: `b${i}`, subject: `u${i}`, role: 'r' })), revocations: [] });
    s.toDataDocument({});
    s.applyRevocations({ ...meta, type: 'revocation', put: [{ id: 'r1', kind: 'subject', value: 'u7' }], delete: [] });
    s.applyRoleBindings({ ...meta, type: 'role_binding_delta', put: [{ id: 'b200', subject: 'u7', role: 'admin' }], delete: ['b3'] });
    const patches = s.takePatches({});
    expect(patches).toHaveLength(3);
    expect(patches).toEqual(
      expect.arrayContaining([
        { op: 'add', path: ['vigil', 'role_bindings', 'u7'], value: [{ id: 'b7', role: 'r', scope: null, expires_at: null }, { id: 'b200', role: 'admin', scope: null, expires_at: null }] },
        { op: 'remove', path: ['vigil', 'role_bindings', 'u3'] },
        { op: 'add', path: ['vigil', 'revocations', 'subject', 'u7'], value: { id: 'r1', reason: null, expires_at: null } },
      ]),
    );
    expect(s.takePatches({})).toEqual([]);
  });

  it('lifting one of two revocations of the same value leaves the other in force', () => {
    const s = new EnforcedState();
    s.applyRevocations({ ...meta, type: 'revocation', put: [{ id: 'r1', kind: 'subject', value: 'eve' }, { id: 'r2', kind: 'subject', value: 'eve', reason: 'again' }], delete: [] });
    s.applyRevocations({ ...meta, type: 'revocation', put: [], delete: ['r2'] });
    expect(s.revocations.match('subject', 'eve', Date.now())?.id).toBe('r1');
    expect((s.toDataDocument({}).vigil as { revocations: { subject: Record<string, { id: string }> } }).revocations.subject.eve.id).toBe('r1');
  });
});
