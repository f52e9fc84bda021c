/**
 * Golden tests (STYLE.md 12): each `__fixtures__/*.rego` is parsed and its AST
 * dump (no locations) plus diagnostics compared with the `.ast` file beside it.
 * `UPDATE_GOLDEN=1 npx jest libs/rego/src/syntax/golden` rewrites the goldens;
 * read every diff before committing. A first line `# rego: v0` selects v0.
 *
 * Locations are spot-checked on every node of every fixture instead: row/col
 * agree with the offset, and the located text is what the node says it is.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Location } from '../diagnostics';
import { dumpModule } from './dump';
import { parseModule } from './parse';
import { INFIX_BUILTINS } from './tokens';

const DIR = join(__dirname, '__fixtures__');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.rego')).sort();

function render(name: string, source: string): string {
  const regoVersion = source.startsWith('# rego: v0') ? 0 : 1;
  const { module, diagnostics } = parseModule(name, source, { regoVersion });
  const lines = [module ? dumpModule(module) : '(no module)'];
  for (const d of diagnostics) lines.push(`(${d.code} ${d.location.row}:${d.location.col} ${JSON.stringify(d.message)})`);
  return `${lines.join('\n')}\n`;
}

describe('parser goldens', () => {
  it('has a few dozen fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)('%s', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    const golden = join(DIR, name.replace(/\.rego$/, '.ast'));
    const actual = render(name, source);
    if (UPDATE) writeFileSync(golden, actual);
    else if (!existsSync(golden)) throw new Error(`missing golden ${golden}; run with UPDATE_GOLDEN=1`);
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  });
});

/** Every object in the tree that carries a location, with its kind. */
function located(node: unknown, out: { kind: string; loc: Location; node: Record<string, unknown> }[] = []): typeof out {
  if (Array.isArray(node)) {
    for (const n of node) located(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.loc && typeof o.kind === 'string') out.push({ kind: o.kind, loc: o.loc as Location, node: o });
    for (const [k, v] of Object.entries(o)) if (k !== 'loc') located(v, out);
  }
  return out;
}

const OPERATOR_NAMES = new Set<string>([...Object.values(INFIX_BUILTINS), 'eq', 'assign', 'internal']);

function rowCol(source: string, offset: number): [number, number] {
  const before = source.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return [before.split('\n').length, offset - nl];
}

/** What the source at a node's location must look like. */
function textProblem(kind: string, node: Record<string, unknown>, text: string): string | undefined {
  if (/^\s/.test(text)) return 'starts with whitespace';
  if (kind === 'var') {
    const name = node.name as string;
    const ok = text === name || (name.startsWith('$wildcard') && text === '_') || OPERATOR_NAMES.has(name);
    return ok ? undefined : `var ${name} at ${JSON.stringify(text)}`;
  }
  if (kind === 'number') {
    // The 0 of `-x` → `minus(0, x)` sits on the minus sign.
    const compact = text.replace(/\s/g, '');
    const ok = compact === node.text || compact === (node.text as string).replace(/^(-?)0\./, '$1.') || (node.text === '0' && text === '-');
    return ok ? undefined : `number ${String(node.text)} at ${JSON.stringify(text)}`;
  }
  // v0's extra bodies (`p { a } { b }`) are rules located at their `{`.
  if (kind === 'rule') return /^(default\b|[A-Za-z_{])/.test(text) ? undefined : `rule at ${JSON.stringify(text)}`;
  return undefined;
}

describe('parser locations', () => {
  it.each(fixtures)('%s: every located node points at its own text', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    const { module } = parseModule(name, source, { regoVersion: source.startsWith('# rego: v0') ? 0 : 1 });
    const bad: string[] = [];
    for (const { kind, loc, node } of located(module ?? [])) {
      const offset = loc.offset ?? -1;
      const [row, col] = rowCol(source, offset);
      if (loc.file !== name || row !== loc.row || col !== loc.col) bad.push(`${kind} ${loc.row}:${loc.col} vs offset ${offset}`);
      const text = source.slice(offset, offset + (loc.length ?? 0));
      if ((loc.length ?? 0) === 0 || offset + (loc.length ?? 0) > source.length) bad.push(`${kind} ${loc.row}:${loc.col} bad length`);
      const problem = textProblem(kind, node, text);
      if (problem) bad.push(`${kind} ${loc.row}:${loc.col} ${problem}`);
    }
    expect(bad).toEqual([]);
  });
});
