/**
 * Child of bench:decision (run with --expose-gc): memory of risk tracking with many distinct
 * subjects. Feeds a real enforcer (risk on, default capacity 100,000 subjects) decisions for
 * N distinct subjects, then 3N, and reports RSS and heap after each (after a full GC), so
 * the report shows both the cost of 100,000 subjects and that it stops growing past capacity.
 * Prints one JSON line.
 */
import { Enforcer } from '@vigil/agent-sdk';

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

function measure(): { rss_mb: number; heap_mb: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss_mb: mb(m.rss), heap_mb: mb(m.heapUsed + m.arrayBuffers) };
}

function main(): void {
  const n = Number(process.argv[2] ?? 100_000);
  const enforcer = new Enforcer({ maxStalenessMs: 60_000 });
  enforcer.heartbeat(0);
  const risk = enforcer.risk!;
  const before = measure();
  const feed = (from: number, to: number) => {
    const now = Date.now();
    for (let i = from; i < to; i++) {
      // Through the engine's own enrichment and outcome path (the policy evaluation is not what is measured here).
      risk.enrich({ subject: `user-${i}`, service: `svc-${i % 50}`, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, resource: `doc-${i % 977}` }, undefined, now + i);
      risk.observeOutcome(i % 7 === 0);
    }
  };
  feed(0, n);
  const atN = measure();
  feed(n, 3 * n);
  const at3N = measure();
  feed(3 * n, 6 * n);
  const at6N = measure();
  process.stdout.write(
    `${JSON.stringify({
      subjects: n,
      capacity: risk.subjects.table.capacity,
      tracked_after_6n: risk.subjects.table.size,
      evictions: risk.subjects.table.evictions,
      gc: !!gc,
      rss_mb_before: before.rss_mb,
      rss_mb_at_n: atN.rss_mb,
      rss_mb_at_3n: at3N.rss_mb,
      rss_mb_at_6n: at6N.rss_mb,
      heap_mb_before: before.heap_mb,
      heap_mb_at_n: atN.heap_mb,
      heap_mb_at_3n: at3N.heap_mb,
      heap_mb_at_6n: at6N.heap_mb,
    })}\n`,
  );
}

main();
