/** Worker thread of the long fuzz run: classifies each source it is sent (see outcome.ts). */
import { parentPort } from 'node:worker_threads';
import type { RegoVersion } from '../syntax/ast';
import { checkSource } from './outcome';

export interface FuzzJob {
  readonly id: number;
  readonly source: string;
  readonly regoVersion: RegoVersion;
}

parentPort?.on('message', (job: FuzzJob) => {
  parentPort?.postMessage({ id: job.id, outcome: checkSource(job.source, job.regoVersion) });
});
