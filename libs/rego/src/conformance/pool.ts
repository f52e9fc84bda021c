/**
 * Runs cases on worker threads with a per-case timeout, so a case that hangs or
 * crashes the wasm engine fails on its own instead of taking the harness down.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { ConformanceCase } from './cases';
import type { CaseOutcome } from './run-case';

export interface PoolOptions {
  readonly workers: number;
  readonly timeoutMs: number;
  readonly onOutcome?: (o: CaseOutcome) => void;
}

export async function runPool(cases: readonly ConformanceCase[], opts: PoolOptions): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = new Array(cases.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    let worker = spawn();
    while (next < cases.length) {
      const i = next++;
      const outcome = await runOne(worker, cases[i], opts.timeoutMs);
      if (outcome.restart) {
        await worker.terminate();
        worker = spawn();
      }
      outcomes[i] = outcome.result;
      opts.onOutcome?.(outcome.result);
    }
    await worker.terminate();
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.workers) }, lane));
  return outcomes;
}

function spawn(): Worker {
  return new Worker(join(__dirname, 'worker.js'));
}

function runOne(worker: Worker, c: ConformanceCase, timeoutMs: number): Promise<{ result: CaseOutcome; restart: boolean }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const fail = (reason: string): void => {
      cleanup();
      resolve({ result: { note: c.note, category: c.category, status: 'fail', reason, ms: performance.now() - started }, restart: true });
    };
    const onMessage = (result: CaseOutcome): void => {
      cleanup();
      resolve({ result, restart: false });
    };
    const onError = (e: Error): void => fail(`worker crashed: ${e.message}`);
    const onExit = (code: number): void => fail(`worker exited with code ${code}`);
    const timer = setTimeout(() => fail(`timeout after ${timeoutMs} ms`), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(c);
  });
}
