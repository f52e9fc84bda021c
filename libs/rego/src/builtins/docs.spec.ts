import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCS_BEGIN, DOCS_END, renderBuiltinDocs, updateReadme } from './docs';

const README = join(__dirname, '..', '..', 'README.md');

describe('generated builtin docs', () => {
  it('libs/rego/README.md carries the current table (run `npm run docs:builtins` after changing the registry)', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(DOCS_BEGIN);
    const end = readme.indexOf(DOCS_END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(readme.slice(start, end + DOCS_END.length)).toBe(renderBuiltinDocs());
  });

  it('replaces only the generated block', () => {
    const doc = `# title\n\nintro\n\n${DOCS_BEGIN}\nold\n${DOCS_END}\n\n## after\n`;
    const out = updateReadme(doc);
    expect(out.startsWith('# title\n\nintro\n\n')).toBe(true);
    expect(out.endsWith(`${DOCS_END}\n\n## after\n`)).toBe(true);
    expect(out).not.toContain('\nold\n');
    expect(updateReadme(out)).toBe(out);
  });

  it('appends the block under a heading when there is none', () => {
    expect(updateReadme('# x\n')).toBe(`# x\n\n## Builtins\n\n${renderBuiltinDocs()}\n`);
  });

  it('escapes union bars inside table cells', () => {
    const row = renderBuiltinDocs().split('\n').find((l) => l.startsWith('| `time.date`'));
    expect(row).toContain('number \\| [number, string]');
  });
});
