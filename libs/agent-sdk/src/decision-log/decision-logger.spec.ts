import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateDecisionBatch, type DecisionLogBatch } from '@vigil/contracts';
import { DecisionLogger, type EncodedDecisionBatch } from './decision-logger';
import { DecisionSpool } from './spool';
import { MASKED, masker } from './mask';
import type { Decision } from '../engine/decision';

/** What the control plane receives: the batch's JSON text, parsed. */
const decoded = (b: EncodedDecisionBatch): DecisionLogBatch => {
  const batch = JSON.parse(b.json) as DecisionLogBatch;
  expect(b.count).toBe(batch.entries.length);
  expect(b.dropped).toBe(batch.dropped);
  return batch;
};

const decision = (id: string): Decision => ({ decision_id: id, result: true, allowed: true, outcome: 'allow', reason: null, revision: 3, bundle_sha256: null, latency_us: 4 });

describe('DecisionLogger', () => {
  it('masks configured fields and sends batches while the control plane answers', async () => {
    const sent: DecisionLogBatch[] = [];
    const log = new DecisionLogger({ send: async (b) => (sent.push(decoded(b)), true), maskPaths: ['input.password', 'input.headers.authorization'] });
    const input = { user: 'alice', password: 'hunter2', headers: { authorization: 'Bearer x', host: 'h' } };
    log.record(decision('d1'), 'authz/allow', input);
    await log.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0].entries[0]).toMatchObject({ decision_id: 'd1', path: 'authz/allow', input: { user: 'alice', password: MASKED, headers: { authorization: MASKED, host: 'h' } }, revision: 3 });
    expect(input.password).toBe('hunter2'); // the caller's object is untouched
  });

  it('logs the outcome and the reasons: the policy\'s, or the agent\'s explanation when it denied first', async () => {
    const sent: DecisionLogBatch[] = [];
    const log = new DecisionLogger({ send: async (b) => (sent.push(decoded(b)), true) });
    const adaptive = { reasons: ['new origin', 'x'.repeat(5000), ...Array.from({ length: 30 }, (_, i) => `r${i}`)], challenge: { acr_values: 'mfa' }, limit: null };
    log.record({ ...decision('c'), result: { challenge: { acr_values: 'mfa' } }, allowed: false, outcome: 'challenge', adaptive }, 'p', {});
    log.record({ ...decision('r'), result: undefined, allowed: false, outcome: 'deny', reason: 'revoked', message: 'subject "bob" is revoked (r1)' }, 'p', {});
    log.record(decision('a'), 'p', {});
    await log.flush();
    const [c, r, a] = sent[0].entries;
    expect(c).toMatchObject({ outcome: 'challenge', allowed: false, reason: null });
    expect(c.reasons).toHaveLength(16);
    expect(c.reasons?.[0]).toBe('new origin');
    expect(c.reasons?.[1]).toHaveLength(1000);
    expect(r).toMatchObject({ outcome: 'deny', reason: 'revoked', reasons: ['subject "bob" is revoked (r1)'] });
    expect(a).toMatchObject({ outcome: 'allow', reasons: [] });
    expect(() => validateDecisionBatch(sent[0])).not.toThrow();
  });

  it('spools to disk while disconnected, survives a restart, sends oldest first, and counts drops beyond the bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-spool-'));
    let up = false;
    const sent: DecisionLogBatch[] = [];
    const send = async (b: EncodedDecisionBatch) => (up ? (sent.push(decoded(b)), true) : false);
    const first = new DecisionLogger({ send, spool: new DecisionSpool(dir, 1500), batchSize: 2 });
    for (let i = 0; i < 10; i++) first.record(decision(`d${i}`), 'p', { i });
    await first.flush();
    expect(first.droppedTotal).toBeGreaterThan(0); // 1500 bytes hold only some batches
    const kept = first.spooledBatches;
    expect(kept).toBeGreaterThan(0);

    up = true; // "restart": a new logger over the same spool directory
    const second = new DecisionLogger({ send, spool: new DecisionSpool(dir, 1500), batchSize: 2 });
    second.record(decision('after'), 'p', {});
    await second.flush();
    expect(sent.map((b) => b.entries.map((e) => e.decision_id).join(','))).toEqual([
      ...Array.from({ length: kept }, (_, k) => `d${2 * k},d${2 * k + 1}`),
      'after',
    ]);
    expect(second.spooledBatches).toBe(0);
  });

  it('masks by copying only the objects on a masked path (the rest is shared, an input without the fields is not copied)', () => {
    const mask = masker(['input.password', 'input.headers.authorization', 'input.list.0', 'input.toString']);
    const big = { rows: [1, 2, 3] };
    const input = { password: 'p', headers: { authorization: 'a', host: 'h' }, big, list: ['secret', 'open'] };
    const out = mask(input) as typeof input;
    expect(out).toEqual({ password: MASKED, headers: { authorization: MASKED, host: 'h' }, big: { rows: [1, 2, 3] }, list: [MASKED, 'open'] });
    expect(out.big).toBe(big);
    expect(input).toEqual({ password: 'p', headers: { authorization: 'a', host: 'h' }, big, list: ['secret', 'open'] });
    const plain = { user: 'alice', headers: { host: 'h' } };
    expect(mask(plain)).toBe(plain);
    expect(mask('text')).toBe('text');
  });

  it('keeps several batches in flight, sends a full batch without waiting for the timer, and loses none', async () => {
    let inFlight = 0;
    let most = 0;
    const got: string[] = [];
    const send = async (b: EncodedDecisionBatch) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      got.push(...decoded(b).entries.map((e) => e.decision_id));
      return true;
    };
    const log = new DecisionLogger({ send, batchSize: 10, inFlight: 3, flushIntervalMs: 60_000 });
    log.start();
    for (let i = 0; i < 95; i++) log.record(decision(`d${i}`), 'p', {});
    await new Promise((r) => setTimeout(r, 10));
    expect(most).toBeGreaterThan(0); // a full batch went before the (minute-long) timer
    await log.stop();
    expect(most).toBe(3);
    expect(got.sort()).toEqual(Array.from({ length: 95 }, (_, i) => `d${i}`).sort());
    expect(log.sentTotal).toBe(95);
    expect(log.droppedTotal).toBe(0);
  });

  it('spools what overflows memory while the control plane is slow, instead of dropping it', async () => {
    const got: string[] = [];
    const send = async (b: EncodedDecisionBatch) => {
      await new Promise((r) => setTimeout(r, 30));
      got.push(...decoded(b).entries.map((e) => e.decision_id));
      return true;
    };
    const spool = new DecisionSpool(mkdtempSync(join(tmpdir(), 'vigil-spool-')), 1 << 20);
    const log = new DecisionLogger({ send, spool, batchSize: 5, inFlight: 1, maxPending: 10, flushIntervalMs: 60_000 });
    log.start();
    // 12 decisions per 35 ms: more than one 5-entry batch per 30 ms round trip can carry.
    for (let i = 0; i < 48; i++) {
      log.record(decision(`d${i}`), 'p', {});
      if (i % 12 === 11) await new Promise((r) => setTimeout(r, 35));
    }
    expect(log.spooledBatches).toBeGreaterThan(0);
    await log.stop();
    await log.flush(); // the spooled part goes on the next flush
    expect(log.droppedTotal).toBe(0);
    expect(got.sort()).toEqual(Array.from({ length: 48 }, (_, i) => `d${i}`).sort());
    expect(log.spooledBatches).toBe(0);
  });
});
