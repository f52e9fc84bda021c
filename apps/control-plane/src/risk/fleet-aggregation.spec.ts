import { fleetScoreAt, MAX_FLEET_COMPONENTS, noisyOr } from '@vigil/contracts';
import { aggregate } from './fleet-aggregation';

const now = new Date('2030-01-01T00:10:00Z');
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);

describe('fleet aggregation (noisy-or of decayed reports)', () => {
  it('is the score itself for one fresh report, and combines witnesses without exceeding 1', () => {
    expect(aggregate([{ service: 'orders', score: 0.9, reasons: ['deny_rate'], reportedAt: now }], now, 120_000)).toEqual({ score: 0.9, reasons: ['orders: deny_rate'], agents: 1, components: [0.9] });
    const two = aggregate(
      [
        { service: 'a', score: 0.5, reasons: ['x'], reportedAt: now },
        { service: 'b', score: 0.5, reasons: ['y'], reportedAt: now },
      ],
      now,
      120_000,
    );
    expect(two.score).toBe(0.75);
    expect(two.agents).toBe(2);
  });

  it('decays by half per half-life and forgets what has faded', () => {
    expect(aggregate([{ service: 'a', score: 0.8, reasons: [], reportedAt: at(120) }], now, 120_000).score).toBe(0.4);
    // Faded to nothing: no witness, no reason, a score of 0 (the entry goes).
    expect(aggregate([{ service: 'a', score: 0.8, reasons: ['old'], reportedAt: at(3600) }], now, 120_000)).toMatchObject({ score: 0, reasons: [], agents: 0 });
  });

  it('orders reasons by the weight of the report they come from', () => {
    const r = aggregate(
      [
        { service: 'weak', score: 0.2, reasons: ['w'], reportedAt: now },
        { service: 'strong', score: 0.9, reasons: ['s1', 's2'], reportedAt: now },
      ],
      now,
      120_000,
    );
    expect(r.reasons).toEqual(['strong: s1', 'strong: s2', 'weak: w']);
  });

  it('gives agents components that decay to the aggregate of later (folding the weakest beyond eight)', () => {
    const reports = [0.9, 0.6, 0.5, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1, 0.05].map((score, i) => ({ service: `s${i}`, score, reasons: [], reportedAt: at(i * 10) }));
    const today = aggregate(reports, now, 120_000);
    expect(today.components).toHaveLength(MAX_FLEET_COMPONENTS);
    expect(noisyOr(today.components)).toBeCloseTo(today.score, 2);
    for (const later of [30, 120, 600]) {
      const exact = aggregate(reports, new Date(now.getTime() + later * 1000), 120_000).score;
      const heldByAgents = fleetScoreAt({ target: 'subject', value: 'x', score: today.score, reasons: [], agents: 10, updated_at: now.toISOString(), components: today.components, half_life_ms: 120_000 }, now.getTime() + later * 1000);
      expect(Math.abs(exact - heldByAgents)).toBeLessThanOrEqual(0.005); // folding underestimates a little
      expect(heldByAgents).toBeLessThanOrEqual(exact + 0.001);
    }
  });
});
