/**
 * Long compiler fuzz run, outside jest: mutated seeds are classified on worker threads, each case
 * bounded by a timeout (a worker that does not answer in time is terminated and the case is
 * reported as a hang). Crashes and hangs are written to the output folder, one `.rego` file per
 * distinct first error line, with the error in a comment.
 *
 *   npm run build && node dist/libs/rego/src/fuzz/main.js [--runs 100000] [--seed 1] [--workers 2] [--timeout 10000] [--out fuzz-findings]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { applyCase, mutationCaseArb } from './mutate';
import type { Outcome } from './outcome';
import { allSeeds } from './seeds';
import type { FuzzJob } from './worker';

interface Args {
  readonly runs: number;
  readonly seed: number;
  readonly workers: number;
  readonly timeoutMs: number;
  readonly out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const get = (name: string, def: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
  };
  return {
    runs: Number(get('runs', '10000')),
    seed: Number(get('seed', String(Date.now() % 100000))),
    workers: Number(get('workers', '2')),
    timeoutMs: Number(get('timeout', '10000')),
    out: get('out', 'fuzz-findings'),
  };
}

type LaneResult = Outcome | { readonly kind: 'hang' } | { readonly kind: 'worker-died'; readonly error: string };

type Finding = { readonly key: string; readonly job: FuzzJob; readonly detail: string };

class Lane {
  private worker = new Worker(join(__dirname, 'worker.js'));

  run(job: FuzzJob, timeoutMs: number): Promise<LaneResult> {
    return new Promise((resolve) => {
      const w = this.worker;
      const done = (r: LaneResult, restart: boolean): void => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (restart) {
          void w.terminate();
          this.worker = new Worker(join(__dirname, 'worker.js'));
        }
        resolve(r);
      };
      const onMessage = (m: { id: number; outcome: Outcome }): void => done(m.outcome, false);
      const onError = (e: Error): void => done({ kind: 'worker-died', error: e.message }, true);
      const onExit = (code: number): void => done({ kind: 'worker-died', error: `exit ${code}` }, true);
      const timer = setTimeout(() => done({ kind: 'hang' }, true), timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage(job);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seeds = allSeeds().filter((s) => s.source.length <= 6000);
  const cases = fc.sample(mutationCaseArb(seeds.length), { numRuns: args.runs, seed: args.seed });
  const findings = new Map<string, Finding>();
  const counts: Record<string, number> = {};
  let next = 0;
  const started = Date.now();
  const lane = async (): Promise<void> => {
    const l = new Lane();
    while (next < cases.length) {
      const id = next++;
      const { source, regoVersion } = applyCase(seeds, cases[id]);
      const job = { id, source, regoVersion };
      const r = await l.run(job, args.timeoutMs);
      counts[r.kind] = (counts[r.kind] ?? 0) + 1;
      const detail = r.kind === 'crash' ? `${r.stage}: ${r.error}` : r.kind === 'worker-died' ? r.error : r.kind === 'hang' ? `no answer in ${args.timeoutMs} ms` : '';
      if (detail) {
        const key = `${r.kind}: ${detail.split('\n')[0].replace(/\$?[a-z_]+\d+(_\d+)?/g, 'V').replace(/fuzz\.rego:\d+(:\d+)?/g, 'LOC')}`;
        if (!findings.has(key)) findings.set(key, { key, job, detail });
      }
      if (id % 1000 === 999) process.stderr.write(`${id + 1}/${cases.length} cases, ${findings.size} distinct findings, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
    await l.close();
  };
  await Promise.all(Array.from({ length: Math.max(1, args.workers) }, lane));

  mkdirSync(args.out, { recursive: true });
  [...findings.values()].forEach((f, i) => {
    const header = `# fuzz finding (seed ${args.seed}, case ${f.job.id}, rego v${f.job.regoVersion})\n${f.detail.split('\n').map((l) => `# ${l}`).join('\n')}\n`;
    writeFileSync(join(args.out, `finding-${i + 1}.rego`), `${header}${f.job.source}\n`);
  });
  console.log(JSON.stringify({ runs: args.runs, seed: args.seed, counts, findings: [...findings.keys()] }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
