/**
 * The check passes never throw on user input: modules of the conformance corpus with one line
 * removed or altered (those that still parse) are checked in normal and strict mode. A sample of the
 * corpus keeps the spec fast; the whole corpus was run when the passes were written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseModule, parseQuery } from '../syntax/parse';
import { checkProgram } from './check';
import { ALL_KNOWN_BUILTINS } from './spec-util';

const ROOT = join(__dirname, '../../../../../shared/conformance/opa-v1');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') ? [p] : [];
    });
}

function variants(src: string): string[] {
  const lines = src.split('\n');
  const out: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    out.push([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
    const altered = (lines[i] as string).replace(':=', '=').replace(' if ', ' if not ');
    out.push([...lines.slice(0, i), altered, ...lines.slice(i + 1)].join('\n'));
  }
  return out;
}

it('never throws on mutated corpus modules', () => {
  const crashes: string[] = [];
  const sample = yamlFiles(ROOT).filter((_, i) => i % 8 === 0);
  for (const file of sample) {
    const doc = parseYaml(readFileSync(file, 'utf8')) as { cases?: { modules?: string[]; query: string }[] };
    for (const c of doc.cases ?? []) {
      const query = parseQuery(c.query).query;
      for (const v of (c.modules ?? []).flatMap(variants)) {
        const m = parseModule('m.rego', v).module ?? parseModule('m.rego', v, { regoVersion: 0 }).module;
        if (!m) continue;
        for (const strict of [false, true]) {
          try {
            checkProgram([m], { query, strict, enablePrint: strict, builtins: ALL_KNOWN_BUILTINS });
          } catch (e) {
            crashes.push(`${file}\n${v}\n${String(e)}`);
          }
        }
      }
    }
  }
  expect(crashes).toEqual([]);
});
