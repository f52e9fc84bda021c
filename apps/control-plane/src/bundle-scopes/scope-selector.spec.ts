import { DEFAULT_SCOPE, orderScopes, scopeOf, selects, type ScopeSelector } from './scope-selector';

const s = (name: string, services: string[], labels: Record<string, string>, priority = 0): ScopeSelector => ({ name, services, labels, priority });

describe('bundle scope selection', () => {
  it('matches any listed service and every label', () => {
    const pay = s('pay', ['payments', 'billing'], { env: 'prod' });
    expect(selects(pay, { service: 'billing', labels: { env: 'prod', team: 'x' } })).toBe(true);
    expect(selects(pay, { service: 'billing', labels: { env: 'dev' } })).toBe(false);
    expect(selects(pay, { service: 'orders', labels: { env: 'prod' } })).toBe(false);
    expect(selects(s('prod', [], { env: 'prod' }), { service: 'anything', labels: { env: 'prod' } })).toBe(true);
  });

  it('an empty selector takes no agent', () => {
    expect(selects(s('prepared', [], {}), { service: 'orders', labels: {} })).toBe(false);
  });

  it('the highest priority wins, then the name; nothing matching means default', () => {
    const ordered = orderScopes([s('b', ['orders'], {}, 1), s('a', ['orders'], {}, 1), s('top', [], { tier: 'pci' }, 5)]);
    expect(ordered.map((x) => x.name)).toEqual(['top', 'a', 'b']);
    expect(scopeOf({ service: 'orders', labels: { tier: 'pci' } }, ordered)).toBe('top');
    expect(scopeOf({ service: 'orders', labels: {} }, ordered)).toBe('a');
    expect(scopeOf({ service: 'search', labels: {} }, ordered)).toBe(DEFAULT_SCOPE);
    expect(scopeOf({ service: 'orders', labels: {} }, [])).toBe(DEFAULT_SCOPE);
  });
});
