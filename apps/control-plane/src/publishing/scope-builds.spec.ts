import { allScopes, scopesToBuild } from './scope-builds';

const m = (id: string, scope: string) => ({ id, version: 1, source: `package ${id}`, scope });
const e = (id: string, scope: string) => ({ id, source: `package ${id}`, scope });

describe('scopes a change rebuilds', () => {
  const scopes = allScopes([{ name: 'pay' }, { name: 'edge' }]);

  it('lists default first', () => expect(scopes).toEqual(['default', 'edge', 'pay']));

  it('only the scope of a changed policy, also when it is the last one going', () => {
    const before = [m('a', 'default'), m('p', 'pay')];
    expect(scopesToBuild({ before, after: [e('a', 'default'), e('p', 'pay')], changedIds: ['p'], scopes })).toEqual(['pay']);
    expect(scopesToBuild({ before, after: [e('a', 'default')], changedIds: ['p'], scopes })).toEqual(['pay']);
  });

  it('both scopes when a policy moves, every scope for a shared one', () => {
    const before = [m('a', 'default'), m('lib', '*')];
    expect(scopesToBuild({ before, after: [e('a', 'edge'), e('lib', '*')], changedIds: ['a'], scopes })).toEqual(['default', 'edge']);
    expect(scopesToBuild({ before, after: [e('a', 'default'), e('lib', '*')], changedIds: ['lib'], scopes })).toEqual(scopes);
  });

  it('a created scope only when the shared policies give it something to build', () => {
    expect(scopesToBuild({ before: [], after: [e('a', 'default')], changedIds: [], scopes, created: 'edge' })).toEqual([]);
    expect(scopesToBuild({ before: [], after: [e('lib', '*')], changedIds: [], scopes, created: 'edge' })).toEqual(['edge']);
  });
});
