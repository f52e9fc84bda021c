/**
 * Every Rego module, query and input term in OPA's conformance cases must parse.
 * The corpus README names the files that still hold pre-v1 syntax; those must
 * parse as v0 and must fail as v1 (so the list cannot go stale unnoticed).
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { parse as parseYaml } from 'yaml';
import { parseModule, parseQuery, parseTerm } from './parse';

const ROOT = resolve(__dirname, '../../../../../shared/conformance/opa-v1');

/** From shared/conformance/README.md: files "that still contain pre-v1 rule syntax". */
const PRE_V1 = new Set([
  'casts/test-casts-0077.yaml',
  'regexmatch/test-regexmatch-0858.yaml',
  'regexmatch/test-regexmatch-0855.yaml',
  'all/test-all-0027.yaml',
  'any/test-any-0034.yaml',
]);

interface Case {
  readonly note: string;
  readonly query: string;
  readonly modules?: string[];
  readonly input_term?: string;
  readonly want_error_code?: string;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return e.name.endsWith('.yaml') ? [p] : [];
  });
}

const files = yamlFiles(ROOT).map((p) => ({ rel: relative(ROOT, p), cases: (parseYaml(readFileSync(p, 'utf8')) as { cases: Case[] }).cases }));
const categories = [...new Set(files.map((f) => f.rel.split('/')[0]))].sort();

function problems(rel: string, c: Case, regoVersion: 0 | 1): string[] {
  return (c.modules ?? []).flatMap((src, i) =>
    parseModule(`${rel}#${i}`, src, { regoVersion }).diagnostics.map((d) => `${rel} ${c.note} ${d.location.row}:${d.location.col} ${d.message}`),
  );
}

describe('OPA conformance corpus', () => {
  it('holds the expected sample', () => {
    expect(files.length).toBeGreaterThanOrEqual(465);
    expect(files.flatMap((f) => f.cases.flatMap((c) => c.modules ?? [])).length).toBeGreaterThan(1000);
  });

  it.each(categories)('%s: every v1 module parses without diagnostics', (category) => {
    const found = files
      .filter((f) => f.rel.startsWith(`${category}/`) && !PRE_V1.has(f.rel))
      .flatMap((f) => f.cases.filter((c) => !c.want_error_code?.startsWith('rego_parse_error')).flatMap((c) => problems(f.rel, c, 1)));
    expect(found).toEqual([]);
  });

  it('parses the pre-v1 files as v0, and only as v0', () => {
    const pre = files.filter((f) => PRE_V1.has(f.rel));
    expect(pre.map((f) => f.rel).sort()).toEqual([...PRE_V1].sort());
    for (const f of pre) {
      for (const c of f.cases) {
        expect(problems(f.rel, c, 0)).toEqual([]);
        expect(problems(f.rel, c, 1)[0]).toMatch(/`if` keyword is required before rule body/);
      }
    }
  });

  it('parses every query and input term', () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const c of f.cases) {
        const q = parseQuery(c.query);
        if (q.diagnostics.length > 0 || !q.query) bad.push(`${f.rel} query ${c.query}: ${q.diagnostics[0]?.message}`);
        if (c.input_term === undefined) continue;
        const t = parseTerm(c.input_term);
        if (t.diagnostics.length > 0 || !t.term) bad.push(`${f.rel} input_term ${c.input_term}: ${t.diagnostics[0]?.message}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
