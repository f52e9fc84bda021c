/**
 * Runs OPA's conformance corpus through the built harness (`npm test` builds first)
 * and holds the line: the number of passing cases never goes down (STYLE.md 13).
 * Raise `floor.json` when the count goes up.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LANGUAGE_FEATURES } from '../features';

const ROOT = resolve(__dirname, '../../../..');
const CORPUS = resolve(ROOT, '../shared/conformance/opa-v1');
const HARNESS = join(ROOT, 'dist/libs/rego/src/conformance/main.js');
const floor = JSON.parse(readFileSync(join(__dirname, 'floor.json'), 'utf8')) as { passed: number };

const run = existsSync(CORPUS) && existsSync(HARNESS) ? it : it.skip;

describe('OPA conformance corpus', () => {
  run(`passes at least ${floor.passed} cases`, () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vigil-conf-')), 'outcomes.json');
    let stdout: string;
    try {
      stdout = execFileSync(process.execPath, [HARNESS, CORPUS, '--json', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      stdout = (e as { stdout?: string }).stdout ?? ''; // exit 1 means "some cases failed"
    }
    const last = stdout.trim().split('\n').pop() ?? '';
    const m = /^(\d+) passed, (\d+) failed, (\d+) skipped$/.exec(last);
    expect(m).not.toBeNull();
    const passed = Number(m![1]);
    const outcomes = JSON.parse(readFileSync(out, 'utf8')) as { note: string; category: string; status: string; reason?: string }[];
    expect(outcomes.filter((o) => o.reason?.startsWith('harness:'))).toEqual([]); // no case may crash the harness
    expect(passed).toBeGreaterThanOrEqual(floor.passed);
    // The README's feature table claims these categories pass in full.
    const claimed = new Set(LANGUAGE_FEATURES.flatMap((f) => f.categories));
    expect(outcomes.filter((o) => claimed.has(o.category) && o.status === 'fail').map((o) => o.note)).toEqual([]);
  });
});
