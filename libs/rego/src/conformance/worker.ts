/** Worker thread: runs the cases it is sent, one at a time, and reports each outcome. */
import { parentPort } from 'node:worker_threads';
import type { ConformanceCase } from './cases';
import { runCase } from './run-case';

parentPort?.on('message', async (c: ConformanceCase) => {
  const outcome = await runCase(c);
  parentPort?.postMessage(outcome);
});
