import { dataTree, normalizeDataPath, pathsOverlap } from './data-path';

describe('data paths', () => {
  it('normalizes slashes', () => {
    expect(normalizeDataPath('/tenants/acme/')).toBe('tenants/acme');
    expect(normalizeDataPath(['tenants', 'acme'])).toBe('tenants/acme');
  });

  it('refuses empty, odd and reserved paths', () => {
    expect(() => normalizeDataPath('')).toThrow('give a data path');
    expect(() => normalizeDataPath('a/b c')).toThrow('segment "b c"');
    expect(() => normalizeDataPath('a/..')).toThrow('segment');
    expect(() => normalizeDataPath('vigil/x')).toThrow('filled by the control plane');
  });

  it('detects overlapping documents', () => {
    expect(pathsOverlap('a', 'a/b')).toBe(true);
    expect(pathsOverlap('a/b', 'a')).toBe(true);
    expect(pathsOverlap('a/b', 'a/bc')).toBe(false);
  });

  it('builds the data tree', () => {
    expect(dataTree([{ path: 'tenants/acme', value: { plan: 'gold' } }, { path: 'tenants/zeta', value: 1 }, { path: 'flags', value: [] }])).toEqual({
      tenants: { acme: { plan: 'gold' }, zeta: 1 },
      flags: [],
    });
  });
});
