import { canonical, diffResultSets } from './compare';
import { loadSkips } from './skips';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('result comparison', () => {
  it('ignores row order and object key order', () => {
    expect(diffResultSets([{ x: 2 }, { x: { b: 1, a: 2 } }], [{ x: { a: 2, b: 1 } }, { x: 2 }], false)).toBeUndefined();
  });

  it('compares arrays in order unless sort_bindings is set', () => {
    expect(diffResultSets([{ x: [2, 1] }], [{ x: [1, 2] }], false)).toMatch(/want/);
    expect(diffResultSets([{ x: [2, 1] }], [{ x: [1, 2] }], true)).toBeUndefined();
  });

  it('treats an undefined result and an empty want as equal, but not a defined one', () => {
    expect(diffResultSets([], [], false)).toBeUndefined();
    expect(diffResultSets([{}], [], false)).toMatch(/got/);
  });

  it('distinguishes values of different types', () => {
    expect(canonical(1)).not.toBe(canonical('1'));
    expect(diffResultSets([{ x: null }], [{ x: false }], false)).toBeDefined();
  });
});

describe('skip list', () => {
  it('requires a reason for every skipped case', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'skips-')), 'skips.tsv');
    writeFileSync(file, '# comment\nfoo/bar\tneeds network\n');
    expect(loadSkips(file).get('foo/bar')).toBe('needs network');
    writeFileSync(file, 'foo/bar\n');
    expect(() => loadSkips(file)).toThrow(/has no reason/);
  });
});
