import { aggregate } from './fleet-aggregation';

const now = new Date('2030-01-01T00:10:00Z');
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);

describe('fleet aggregation (noisy-or of decayed reports)', () => {
  it('is the score itself for one fresh report, and combines witnesses without exceeding 1', () => {
    expect(aggregate([{ service: 'orders', score: 0.9, reasons: ['deny_rate'], reportedAt: now }], now, 120_000)).toEqual({ score: 0.9, reasons: ['orders: deny_rate'], agents: 1 });
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
    expect(aggregate([{ service: 'a', score: 0.8, reasons: ['old'], reportedAt: at(3600) }], now, 120_000)).toEqual({ score: 0, reasons: [], agents: 0 });
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
});
