import fc from 'fast-check';
import { diffLines, withContext } from '../src/policies/line-diff';

describe('diffLines', () => {
  it('marks added and deleted lines with their numbers', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { kind: 'same', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 },
      { kind: 'add', text: 'x', newNo: 2 },
      { kind: 'same', text: 'c', oldNo: 3, newNo: 3 },
      { kind: 'add', text: 'd', newNo: 4 },
    ]);
  });

  it('rebuilds both sides from any diff (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', ''), { maxLength: 30 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(text, text, (x, y) => {
        const d = diffLines(x, y);
        expect(d.filter((l) => l.kind !== 'add').map((l) => l.text).join('\n')).toBe(x);
        expect(d.filter((l) => l.kind !== 'del').map((l) => l.text).join('\n')).toBe(y);
      }),
    );
  });

  it('keeps only context around changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l10', 'changed');
    const shown = withContext(diffLines(before, after), 1);
    expect(shown.map((l) => (l ? `${l.kind}:${l.text}` : '…'))).toEqual(['…', 'same:l9', 'del:l10', 'add:changed', 'same:l11', '…']);
  });
});
