/**
 * A bounded on-disk queue of decision-log batches waiting for the control plane. One file
 * per batch, named by sequence, so a restart finds them in order; when the byte budget is
 * full, new batches are dropped and counted (oldest evidence is kept).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionLogBatch } from '@vigil/contracts';
import type { EncodedDecisionBatch } from './decision-logger';

export class DecisionSpool {
  private seq = 0;
  private files: { name: string; bytes: number }[] = [];
  private bytes = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).filter((n) => /^\d{12}\.json$/.test(n)).sort()) {
      const size = statSync(join(dir, name)).size;
      this.files.push({ name, bytes: size });
      this.bytes += size;
      this.seq = Math.max(this.seq, Number(name.slice(0, 12)));
    }
  }

  get batches(): number {
    return this.files.length;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  /** Stores a batch (its JSON text as it is); false (caller counts the drop) when the budget is full. */
  append(batch: EncodedDecisionBatch): boolean {
    const text = batch.json;
    const size = Buffer.byteLength(text);
    if (this.bytes + size > this.maxBytes) return false;
    const name = `${String(++this.seq).padStart(12, '0')}.json`;
    const tmp = join(this.dir, `${name}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(this.dir, name));
    this.files.push({ name, bytes: size });
    this.bytes += size;
    return true;
  }

  /** The oldest stored batch, or null. */
  peek(): EncodedDecisionBatch | null {
    const f = this.files[0];
    if (!f) return null;
    try {
      const json = readFileSync(join(this.dir, f.name), 'utf8');
      const batch = JSON.parse(json) as DecisionLogBatch; // a torn file does not parse
      return { json, count: batch.entries.length, dropped: batch.dropped };
    } catch {
      this.shift(); // unreadable (torn write from a crash): drop it rather than block the queue
      return this.peek();
    }
  }

  /** Removes the oldest batch (after the control plane acknowledged it). */
  shift(): void {
    const f = this.files.shift();
    if (!f) return;
    this.bytes -= f.bytes;
    rmSync(join(this.dir, f.name), { force: true });
  }
}
