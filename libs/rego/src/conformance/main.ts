/**
 * `npm run conformance -- [DIR ...] [--filter TEXT] [--verbose] [--json FILE]`
 * Runs OPA's YAML conformance cases (default ../shared/conformance/opa-v1) through our
 * compiler and @open-policy-agent/opa-wasm. Prints a per-category table, the notes of
 * failing cases, and last the line `N passed, M failed, K skipped`.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { findCaseFiles, loadCaseFile, type ConformanceCase } from './cases';
import { runPool } from './pool';
import { categoryTable, failureNotes, finalLine, totals } from './report';
import type { CaseOutcome } from './run-case';
import { loadSkips } from './skips';

const REPO_ROOT = resolve(__dirname, '../../../../..');
const DEFAULT_DIR = resolve(REPO_ROOT, '../shared/conformance/opa-v1');
const SKIP_FILE = join(REPO_ROOT, 'libs/rego/src/conformance/skips.tsv');

interface Args {
  dirs: string[];
  filter?: string;
  verbose: boolean;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { dirs: [], verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--filter') args.filter = argv[++i];
    else if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a === '--json') args.json = argv[++i];
    else args.dirs.push(resolve(a));
  }
  if (args.dirs.length === 0) args.dirs.push(DEFAULT_DIR);
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const skips = loadSkips(SKIP_FILE);
  const cases: ConformanceCase[] = [];
  const loadErrors: string[] = [];
  for (const dir of args.dirs) {
    for (const file of findCaseFiles(dir)) {
      const { cases: cs, error } = loadCaseFile(dir, file);
      if (error) loadErrors.push(error);
      cases.push(...cs.filter((c) => !args.filter || c.note.includes(args.filter) || c.file.includes(args.filter)));
    }
  }
  const toRun = cases.filter((c) => !skips.has(c.note));
  const skipped: CaseOutcome[] = cases
    .filter((c) => skips.has(c.note))
    .map((c) => ({ note: c.note, category: c.category, status: 'skip', reason: skips.get(c.note), ms: 0 }));
  const ran = await runPool(toRun, { workers: Math.max(1, Math.min(cpus().length, 4)), timeoutMs: 20000 });
  const all = [...ran, ...skipped];
  console.log(categoryTable(all));
  const notes = failureNotes(all, args.verbose ? Infinity : 60);
  if (notes) console.log(`\n${notes}`);
  for (const err of loadErrors) console.log(`LOAD ERROR ${err}`);
  if (args.json) writeFileSync(args.json, JSON.stringify(all, null, 2));
  const t = totals(all);
  t.failed += loadErrors.length;
  console.log(`\n${finalLine(t)}`);
  return t.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`conformance harness failed: ${(e as Error).stack ?? e}`);
    process.exit(2);
  },
);
