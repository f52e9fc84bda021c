import { unifiedDiff } from './line-diff';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'v1', 'v2')).toBe('');
  });

  it('shows a changed line with context', () => {
    const before = ['package p', '', 'default allow := false', '', 'allow if input.user == "alice"', ''].join('\n');
    const after = before.replace('"alice"', '"bob"');
    expect(unifiedDiff(before, after, 'v1', 'v2')).toBe(
      ['--- v1', '+++ v2', '@@ -2,4 +2,4 @@', ' ', ' default allow := false', ' ', '-allow if input.user == "alice"', '+allow if input.user == "bob"', ''].join('\n'),
    );
  });

  it('handles additions to an empty text and separate hunks', () => {
    expect(unifiedDiff('', 'x\n', 'a', 'b')).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n');
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const b = a.replace('l1\n', 'L1\n').replace('l18', 'L18');
    const diff = unifiedDiff(a, b, 'a', 'b');
    expect(diff.match(/^@@/gm)).toHaveLength(2);
  });
});
