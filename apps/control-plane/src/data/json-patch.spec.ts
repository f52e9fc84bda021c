import { applyJsonPatch, JsonPatchError } from './json-patch';

describe('applyJsonPatch', () => {
  it('adds, replaces, removes and tests', () => {
    const doc = { users: { alice: { roles: ['admin'] } }, n: 1 };
    const out = applyJsonPatch(doc, [
      { op: 'test', path: '/n', value: 1 },
      { op: 'add', path: '/users/bob', value: { roles: [] } },
      { op: 'add', path: '/users/bob/roles/-', value: 'viewer' },
      { op: 'replace', path: '/n', value: 2 },
      { op: 'remove', path: '/users/alice/roles/0' },
      { op: 'add', path: '/a~1b', value: true },
    ]);
    expect(out).toEqual({ users: { alice: { roles: [] }, bob: { roles: ['viewer'] } }, n: 2, 'a/b': true });
    expect(doc.n).toBe(1);
  });

  it('names the failing operation', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/a', value: 2 }, { op: 'remove', path: '/missing' }])).toThrow(
      new JsonPatchError(1, 'nothing at /missing'),
    );
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow('patch[0]: test failed at /a');
    expect(() => applyJsonPatch([1], [{ op: 'add', path: '/5', value: 2 }])).toThrow('out of range');
    expect(() => applyJsonPatch({}, [{ op: 'add', path: 'a', value: 2 }])).toThrow('JSON pointer');
  });
});
