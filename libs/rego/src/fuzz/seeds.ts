/**
 * Seed Rego for the fuzzers: the modules of OPA's conformance cases (when the corpus is
 * present) and the example policy suites. Mutating real policies reaches far deeper into the
 * checker and planner than random text, which the parser rejects at the first token.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { findCaseFiles, loadCaseFile } from '../conformance/cases';
import type { RegoVersion } from '../syntax/ast';

/** One seed module and the syntax it is written in. */
export interface Seed {
  readonly name: string;
  readonly source: string;
  readonly regoVersion: RegoVersion;
}

/** The checkout's root, found upwards from here (this file also runs from dist/). */
function repoRoot(): string {
  let d = __dirname;
  while (dirname(d) !== d && !existsSync(join(d, 'libs/rego/examples'))) d = dirname(d);
  return d;
}

export const DEFAULT_CONFORMANCE_DIR = process.env.FUZZ_CONFORMANCE_DIR ?? join(repoRoot(), '../shared/conformance/opa-v1');
export const EXAMPLES_DIR = join(repoRoot(), 'libs/rego/examples');

/** Modules of the conformance cases, deduplicated. Empty when the corpus is not there. */
export function conformanceSeeds(dir = DEFAULT_CONFORMANCE_DIR): Seed[] {
  if (!existsSync(dir)) return [];
  const seen = new Set<string>();
  const out: Seed[] = [];
  for (const file of findCaseFiles(dir)) {
    for (const c of loadCaseFile(dir, file).cases) {
      c.modules.forEach((source, i) => {
        if (seen.has(source)) return;
        seen.add(source);
        out.push({ name: `${c.note}#${i}`, source, regoVersion: 1 });
      });
    }
  }
  return out;
}

/** Every `.rego` file of the example suites; folders ending in `-v0` hold v0 syntax. */
export function exampleSeeds(dir = EXAMPLES_DIR): Seed[] {
  const out: Seed[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.rego')) {
        const rel = relative(dir, p);
        const v0 = rel.split(sep).some((part) => part.endsWith('-v0'));
        out.push({ name: rel, source: readFileSync(p, 'utf8'), regoVersion: v0 ? 0 : 1 });
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** All seeds, examples first (they are always present). */
export function allSeeds(): Seed[] {
  return [...exampleSeeds(), ...conformanceSeeds()];
}
