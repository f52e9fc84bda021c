import type { PolicySummary } from '../src/api/types';
import { buildTree, treeKey, typeahead, visibleItems } from '../src/policies/tree-model';

const policy = (id: string): PolicySummary => ({ id, version: 1, sha256: '', revision: 1, updatedAt: '', updatedBy: '' });
// authz is both a policy and a group; lib is a group only; zeta a leaf.
const root = buildTree(['authz', 'authz.rbac', 'authz.abac', 'lib.strings', 'lib.time', 'zeta'].map(policy));
const keys = (collapsed: string[] = []) => visibleItems(root, new Set(collapsed)).map((x) => x.node.key);

describe('policy tree model', () => {
  it('lists visible items in name order with level, parent and position', () => {
    expect(keys()).toEqual(['authz', 'authz.abac', 'authz.rbac', 'lib', 'lib.strings', 'lib.time', 'zeta']);
    expect(keys(['authz', 'lib'])).toEqual(['authz', 'lib', 'zeta']);
    const rbac = visibleItems(root, new Set()).find((x) => x.node.key === 'authz.rbac')!;
    expect([rbac.level, rbac.parent, rbac.pos, rbac.size, rbac.node.policy?.id]).toEqual([2, 'authz', 2, 2, 'authz.rbac']);
    expect(root.children.get('lib')!.policy).toBeUndefined();
  });

  it('moves with the WAI-ARIA tree keys', () => {
    const open = visibleItems(root, new Set());
    const none = new Set<string>();
    expect(treeKey(open, none, 'authz', 'ArrowDown')).toEqual({ focus: 'authz.abac' });
    expect(treeKey(open, none, 'lib', 'ArrowUp')).toEqual({ focus: 'authz.rbac' });
    expect(treeKey(open, none, 'zeta', 'ArrowDown')).toBeNull();
    expect(treeKey(open, none, 'authz', 'ArrowUp')).toBeNull();
    expect(treeKey(open, none, 'lib.time', 'Home')).toEqual({ focus: 'authz' });
    expect(treeKey(open, none, 'authz', 'End')).toEqual({ focus: 'zeta' });
    // Right: into an open group; Left: close it, or up to the parent from a child.
    expect(treeKey(open, none, 'lib', 'ArrowRight')).toEqual({ focus: 'lib.strings' });
    expect(treeKey(open, none, 'lib', 'ArrowLeft')).toEqual({ toggle: 'lib', open: false });
    expect(treeKey(open, none, 'lib.time', 'ArrowLeft')).toEqual({ focus: 'lib' });
    expect(treeKey(open, none, 'zeta', 'ArrowRight')).toBeNull();
    expect(treeKey(open, none, 'zeta', 'ArrowLeft')).toBeNull();
    const closed = new Set(['lib']);
    const shut = visibleItems(root, closed);
    expect(treeKey(shut, closed, 'lib', 'ArrowRight')).toEqual({ toggle: 'lib', open: true });
    expect(treeKey(shut, closed, 'lib', 'ArrowLeft')).toBeNull();
    // Enter opens a policy (also one that is a group), toggles a group-only node.
    expect(treeKey(open, none, 'authz', 'Enter')).toEqual({ activate: 'authz' });
    expect(treeKey(shut, closed, 'lib', ' ')).toEqual({ toggle: 'lib', open: true });
    expect(treeKey(open, none, 'authz.rbac', '*')).toEqual({ expandSiblings: 'authz.rbac' });
    expect(treeKey(open, none, 'authz', 'x')).toBeNull();
    // A focus that vanished (its group closed by a reload) restarts at the top.
    expect(treeKey(shut, closed, 'lib.time', 'ArrowDown')).toEqual({ focus: 'authz' });
  });

  it('finds items by typed prefix among the visible ones, wrapping and cycling', () => {
    const open = visibleItems(root, new Set());
    expect(typeahead(open, 'authz', 'l')).toBe('lib');
    expect(typeahead(open, 'lib', 'l')).toBe('lib'); // the only visible name with l: focus stays
    expect(typeahead(open, 'authz', 'r')).toBe('authz.rbac');
    expect(typeahead(open, 'zeta', 'a')).toBe('authz');
    expect(typeahead(open, 'authz', 'a')).toBe('authz.abac');
    expect(typeahead(open, 'authz', 'au')).toBe('authz');
    expect(typeahead(open, 'authz', 'q')).toBeNull();
    expect(typeahead(visibleItems(root, new Set(['lib'])), 'authz', 't')).toBeNull();
  });
});
