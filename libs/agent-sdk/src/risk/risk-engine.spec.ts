import type { Signal } from '@vigil/contracts';
import { EnforcementError } from '../errors';
import { EntityStats } from './entity-stats';
import { RateLimiter } from './rate-limiter';
import { RiskEngine } from './risk-engine';
import { SlotTable } from './slot-table';

const T0 = 1_700_000_000_000;

/** The enriched input as policies read it (ad hoc JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the context's JSON shape ad hoc
type Json = any;

describe('SlotTable', () => {
  it('keeps at most `capacity` keys, evicting the least recently used', () => {
    const reset: number[] = [];
    const t = new SlotTable(3, (s) => reset.push(s));
    const a = t.acquire('a');
    t.acquire('b');
    t.acquire('c');
    t.acquire('a'); // a is now the most recent; b is the oldest
    const d = t.acquire('d');
    expect(t.size).toBe(3);
    expect(t.peek('b')).toBe(-1);
    expect(t.peek('a')).toBe(a);
    expect(t.keyOf(d)).toBe('d');
    expect(t.evictions).toBe(1);
    expect(reset).toEqual([0, 1, 2, 1]);
  });
});

describe('EntityStats scoring', () => {
  const stats = () => new EntityStats({ capacity: 100, windowMs: 10_000, alpha: 0.1, originSettleMs: 60_000 });

  it('scores steady traffic 0 and a burst of denials near 1, with the reason', () => {
    const s = stats();
    let now = T0;
    // A quiet history: 2 allowed requests per 10 s window for 10 minutes.
    for (let w = 0; w < 60; w++, now += 10_000) {
      s.observe('alice', 0, 1, now);
      s.observe('alice', 0, 1, now + 5000);
    }
    const slot = s.table.peek('alice');
    expect(s.score(slot, now)).toBe(0);
    for (let i = 0; i < 30; i++) s.deny(s.observe('alice', 0, 1, now + i * 10));
    const score = s.score(slot, now + 400);
    expect(score).toBeGreaterThan(0.9);
    expect(s.reasons(slot, now + 400)[0]).toMatch(/^deny_rate: 30 in the last 10s, usually 0±0\.0\d \(z=\d+/);
    // The burst leaves the window and the score falls back (the clipped baseline barely moved).
    expect(s.score(slot, now + 30_000)).toBe(0);
    expect(s.score(slot, now + 30_000 + 10)).toBe(0);
  });

  it('flags a new origin once the subject has a settled one', () => {
    const s = stats();
    s.observe('bob', 11, 0, T0);
    expect(s.lastUsualOrigin).toBe(true); // nothing settled: no pattern to break
    s.observe('bob', 22, 0, T0 + 1000);
    expect(s.lastUsualOrigin).toBe(true);
    s.observe('bob', 11, 0, T0 + 61_000);
    expect(s.lastUsualOrigin).toBe(true); // settled
    const slot = s.observe('bob', 33, 0, T0 + 62_000);
    expect(s.lastUsualOrigin).toBe(false);
    expect(s.score(slot, T0 + 62_000)).toBeCloseTo(1 - Math.exp(-1.5 / 4), 3);
    expect(s.reasons(slot, T0 + 62_000)).toEqual([expect.stringMatching(/^new_origin/)]);
  });

  it('counts distinct resources (enumeration) against the baseline', () => {
    const s = stats();
    let slot = -1;
    for (let i = 0; i < 40; i++) slot = s.observe('eve', 0, (i * 2654435761) | 0 || 1, T0 + i);
    expect(s.reasons(slot, T0 + 100).join()).toMatch(/distinct_resources/);
  });

  it('stays within its capacity with many more subjects', () => {
    const s = new EntityStats({ capacity: 1000, windowMs: 10_000, alpha: 0.1, originSettleMs: 0 });
    for (let i = 0; i < 5000; i++) s.observe(`user-${i}`, i + 1, 0, T0 + i);
    expect(s.table.size).toBe(1000);
    expect(s.table.peek('user-0')).toBe(-1);
    expect(s.table.peek('user-4999')).toBeGreaterThanOrEqual(0);
  });
});

describe('RiskEngine.enrich', () => {
  const signal: Signal = { id: 's1', target: 'subject', value: 'alice', name: 'compromised', level: 0.95, reason: 'idp says so', source: 'api:admin' };

  it('adds input.vigil to a copy and leaves the caller input alone', () => {
    const r = new RiskEngine({ agentName: 'a1' }, undefined, 'orders');
    const input = { subject: 'alice', service: 'billing', ip: '10.0.0.1', resource: 'doc-1' };
    const out = r.enrich(input, { peer: '127.0.0.1', forwardedFor: '203.0.113.9, 10.1.1.1', tls: null }, T0) as Json;
    expect(input).toEqual({ subject: 'alice', service: 'billing', ip: '10.0.0.1', resource: 'doc-1' });
    expect(out.subject).toBe('alice');
    expect(out.vigil).toMatchObject({
      time_ms: T0,
      agent: { name: 'a1', service: 'orders' },
      subject: 'alice',
      service: 'billing',
      origin: { ip: '10.0.0.1', peer: '127.0.0.1', forwarded_for: ['203.0.113.9', '10.1.1.1'], tls: null },
      risk: { subject: { score: 0, reasons: [] }, service: { score: 0 } },
      usual: { origin: true, request_rate: true, deny_rate: true, distinct_resources: true },
    });
  });

  it('writes the same context as JSON text (the evaluation path) as it builds as objects', () => {
    const inputs = [{ subject: 'alice', service: 'billing', ip: '10.0.0.1' }, {}, { subject: 'al"ice\\', resource: { id: 'doc' } }];
    const origin = { peer: '127.0.0.1', forwardedFor: '203.0.113.9', tls: { subject: 'svc-a', fingerprint256: 'AB:CD' } };
    const asObjects = new RiskEngine({ agentName: 'a1' }, undefined, 'orders');
    const asText = new RiskEngine({ agentName: 'a1' }, undefined, 'orders');
    for (const s of [asObjects, asText]) s.state.applySignals({ v: 1, type: 'signal', revision: 2, prev: 1, issued_at: 0, put: [signal], delete: [] });
    for (let i = 0; i < 40; i++) {
      for (const input of inputs) {
        const now = T0 + i * 10;
        expect(JSON.parse(asText.enrichJson(input, origin, now)!)).toEqual(JSON.parse(JSON.stringify(asObjects.enrich(input, origin, now))));
        asText.observeOutcome(i % 2 === 0);
        asObjects.observeOutcome(i % 2 === 0);
      }
    }
    expect(asText.local('service', 'billing', T0 + 400).score).toBeGreaterThan(0); // the risky path was compared too
    expect(asText.enrichJson([1], origin, T0)).toBeNull();
  });

  it('believes X-Forwarded-For only from a trusted peer', () => {
    const r = new RiskEngine();
    const viaProxy = r.enrich({ subject: 'a' }, { peer: '127.0.0.1', forwardedFor: '198.51.100.7', tls: null }, T0) as Json;
    const direct = r.enrich({ subject: 'a' }, { peer: '192.0.2.1', forwardedFor: '198.51.100.7', tls: null }, T0) as Json;
    expect(viaProxy.vigil.origin.ip).toBe('198.51.100.7');
    expect(direct.vigil.origin.ip).toBe('192.0.2.1');
  });

  it('refuses an input that brings its own risk context, and leaves non-objects alone', () => {
    const r = new RiskEngine();
    expect(() => r.enrich({ subject: 'a', vigil: { risk: 0 } }, undefined, T0)).toThrow(EnforcementError);
    expect(r.enrich('text', undefined, T0)).toBe('text');
    expect(r.enrich(undefined, undefined, T0)).toBeUndefined();
  });

  it('shows signals and fleet risk, and the score is the strongest of local, fleet and signals', () => {
    const r = new RiskEngine();
    r.state.applySignals({ v: 1, type: 'signal', revision: 2, prev: 1, issued_at: 0, put: [signal], delete: [] });
    r.state.applyRisk({ v: 1, type: 'risk', revision: 3, prev: 2, issued_at: 0, put: [{ target: 'service', value: 'billing', score: 0.4, reasons: ['orders: deny_rate'], agents: 1, updated_at: '' }], delete: [] });
    const out = r.enrich({ subject: 'alice', service: 'billing' }, undefined, T0) as Json;
    expect(out.vigil.risk.subject).toMatchObject({ score: 0.95, fleet: 0, signals: { compromised: { level: 0.95, source: 'api:admin' } }, reasons: ['signal compromised (api:admin): idp says so'] });
    expect(out.vigil.risk.service).toMatchObject({ score: 0.4, fleet: 0.4, reasons: ['fleet: orders: deny_rate'] });
    r.state.applyRisk({ v: 1, type: 'risk', revision: 4, prev: 3, issued_at: 0, put: [], delete: ['service:billing'] });
    r.state.applySignals({ v: 1, type: 'signal', revision: 5, prev: 4, issued_at: 0, put: [], delete: ['s1'] });
    const after = r.enrich({ subject: 'alice', service: 'billing' }, undefined, T0) as Json;
    expect([after.vigil.risk.subject.score, after.vigil.risk.service.score]).toEqual([0, 0]);
  });

  it('decays fleet risk itself between pushes, as the control plane does', () => {
    const r = new RiskEngine();
    const at = new Date(T0).toISOString();
    // Two agents' decayed scores 0.8 and 0.5 at T0: noisy-or 0.9; half-life one minute.
    r.state.applyRisk({ v: 1, type: 'risk', revision: 2, prev: 1, issued_at: 0, put: [{ target: 'subject', value: 'eve', score: 0.9, reasons: ['orders: deny_rate'], agents: 2, updated_at: at, components: [0.8, 0.5], half_life_ms: 60_000 }], delete: [] });
    const fleetAt = (ms: number) => (r.enrich({ subject: 'eve' }, undefined, T0 + ms) as Json).vigil.risk.subject.fleet;
    expect(fleetAt(0)).toBe(0.9);
    expect(fleetAt(60_000)).toBe(0.55); // 1 − (1 − 0.4)(1 − 0.25)
    expect(fleetAt(120_000)).toBe(0.3); // 1 − (1 − 0.2)(1 − 0.125)
    // An entry without components (an older control plane) holds its score until the next push.
    r.state.applyRisk({ v: 1, type: 'risk', revision: 3, prev: 2, issued_at: 0, put: [{ target: 'subject', value: 'eve', score: 0.7, reasons: [], agents: 1, updated_at: at }], delete: [] });
    expect(fleetAt(600_000)).toBe(0.7);
  });

  it('reports scores that moved, once, and the fall back to zero', () => {
    const r = new RiskEngine();
    for (let i = 0; i < 30; i++) {
      r.enrich({ subject: 'mallory' }, undefined, T0 + i);
      r.observeOutcome(true);
    }
    const first = r.collectReport(T0 + 100, 1000);
    expect(first).toEqual([expect.objectContaining({ target: 'subject', value: 'mallory', reasons: [expect.stringMatching(/^deny_rate/), expect.stringMatching(/^request_rate/)] })]);
    expect(first[0].score).toBeGreaterThan(0.9);
    expect(r.collectReport(T0 + 200, 1000)).toEqual([]); // nothing touched since
    r.enrich({ subject: 'mallory' }, undefined, T0 + 60_000);
    r.observeOutcome(false);
    expect(r.collectReport(T0 + 60_001, 1000)).toEqual([{ target: 'subject', value: 'mallory', score: 0, reasons: [] }]);
  });

  it('keeps what a full report could not take for the next one', () => {
    const r = new RiskEngine();
    for (const subject of ['a', 'b', 'c']) {
      for (let i = 0; i < 30; i++) {
        r.enrich({ subject }, undefined, T0 + i);
        r.observeOutcome(true);
      }
    }
    expect(r.collectReport(T0 + 100, 2).map((e) => e.value)).toEqual(['a', 'b']);
    expect(r.collectReport(T0 + 100, 2).map((e) => e.value)).toEqual(['c']);
    expect(r.collectReport(T0 + 100, 2)).toEqual([]);
  });
});

describe('RateLimiter', () => {
  it('grants the burst, then one token per 1/rate seconds', () => {
    const l = new RateLimiter(10);
    expect([l.take('k', 2, 3, T0), l.take('k', 2, 3, T0), l.take('k', 2, 3, T0)]).toEqual([0, 0, 0]);
    expect(l.take('k', 2, 3, T0)).toBeCloseTo(0.5, 5);
    expect(l.take('k', 2, 3, T0 + 500)).toBe(0);
    expect(l.take('other', 2, 3, T0)).toBe(0);
  });
});
