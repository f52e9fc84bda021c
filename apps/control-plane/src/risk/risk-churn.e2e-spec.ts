/**
 * Fleet risk revisions while scores decay (issue 7 follow-up). Agents decay fleet entries
 * themselves, so the control plane pushes only what decay does not explain. Time is simulated
 * by moving every report and fleet entry back by the step (the database clock is what the
 * aggregator reads), and the aggregator's pass is driven by hand (its timer is slowed down).
 *
 * Measured on this scenario (3 entries, 2 agents, half-life 120 s), risk revisions per minute
 * over ten minutes of decay: before 6 6 8 8 5 4 3 3 1 2 (46 in all, one every ~13 s);
 * after 0 (the 5 s sweep finds every entry where agents already have it).
 */
import { randomUUID } from 'node:crypto';
import { fleetScoreAt } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { TestControlPlane } from '../../test/control-plane-harness';
import { defaultKind } from '../../test/test-database';
import { aggregate } from './fleet-aggregation';
import { FleetRiskRow, fleetRecord } from './fleet-risk.entity';
import { RiskAggregator } from './risk-aggregator.service';
import { RiskReportsService } from './risk-reports.service';

jest.setTimeout(120_000);

describe(`fleet risk revisions while scores decay, on ${defaultKind()}`, () => {
  const cp = TestControlPlane.forSuite(defaultKind(), { VIGIL_RISK_AGGREGATE_MS: '600000' });
  let ds: DataSource;
  let aggregator: RiskAggregator;
  let reports: RiskReportsService;
  let clock = Date.now();
  const orders = randomUUID();
  const billing = randomUUID();

  beforeAll(() => {
    ds = cp.app.get(DataSource);
    aggregator = cp.app.get(RiskAggregator);
    reports = cp.app.get(RiskReportsService);
  });

  /** Lets `seconds` pass for reports and pushed entries, then runs the aggregator's pass (a sweep every 5 s). */
  const elapse = async (seconds: number) => {
    await ds.query(`UPDATE risk_reports SET reported_at = reported_at - make_interval(secs => $1)`, [seconds]);
    await ds.query(`UPDATE fleet_risk SET updated_at = updated_at - make_interval(secs => $1)`, [seconds]);
    clock += seconds * 1000;
    await aggregator.tick(clock);
  };
  /** The largest gap between what agents hold (the pushed entry, decayed) and the exact aggregate now. */
  const worstGap = async () => {
    const [{ now }]: { now: Date }[] = await ds.query('SELECT now() AS now');
    const rows = await ds.getRepository(FleetRiskRow).find();
    const raw: { target: string; value: string; service: string; score: number; reported_at: Date }[] = await ds.query('SELECT target, value, service, score, reported_at FROM risk_reports');
    let worst = 0;
    for (const row of rows) {
      const mine = raw.filter((r) => r.target === row.target && r.value === row.value).map((r) => ({ service: r.service, score: r.score, reasons: [], reportedAt: new Date(r.reported_at) }));
      const exact = aggregate(mine, new Date(now), 120_000).score;
      worst = Math.max(worst, Math.abs(exact - fleetScoreAt(fleetRecord(row), new Date(now).getTime())));
    }
    return worst;
  };

  it('makes no revision while scores only decay, and agents stay within a step of the exact aggregate', async () => {
    await reports.ingest(orders, 'orders', { batch_id: 'a', at: clock, entries: [{ target: 'subject', value: 'mallory', score: 0.95, reasons: ['deny_rate'] }, { target: 'service', value: 'scanner', score: 0.7, reasons: ['volume'] }] });
    await reports.ingest(billing, 'billing', { batch_id: 'b', at: clock, entries: [{ target: 'subject', value: 'mallory', score: 0.6, reasons: ['new origin'] }] });
    const before = await cp.head();
    await aggregator.tick(clock);
    expect(await cp.head()).toBe(before + 1); // the new entries, once
    const perMinute: number[] = [];
    let last = await cp.head();
    let worst = 0;
    for (let minute = 0; minute < 10; minute++) {
      for (let step = 0; step < 12; step++) {
        await elapse(5);
        worst = Math.max(worst, await worstGap());
      }
      const h = await cp.head();
      perMinute.push(h - last);
      last = h;
    }
    expect(perMinute).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(worst).toBeLessThan(0.02);
    const fleet = (await cp.get('/v1/risk/fleet?target=subject')).body.items[0];
    expect(fleet).toMatchObject({ value: 'mallory', scoreAtUpdate: 0.98 });
    expect(fleet.score).toBeLessThan(0.06); // ten minutes = five half-lives: what agents hold now
  });

  it('pushes when a new report moves the score, and once more when the entry fades out', async () => {
    const before = await cp.head();
    await reports.ingest(billing, 'billing', { batch_id: 'c', at: clock, entries: [{ target: 'subject', value: 'mallory', score: 0.8, reasons: ['deny_rate'] }] });
    await aggregator.tick(clock);
    expect(await cp.head()).toBe(before + 1);
    const pushed = (await cp.get(`/v1/revisions?after=${before}`)).body.items[0];
    // The new report's score, decayed by the milliseconds between its ingestion and the pass
    // (real database time passes too): 0.8 to three places, not exactly.
    expect(pushed).toMatchObject({ kind: 'risk', payload: { put: [{ value: 'mallory', components: [expect.closeTo(0.8, 3), expect.any(Number)], half_life_ms: 120_000 }] } });
    // Twenty more minutes: both entries fall under 0.01 and leave the fleet, in sweeps' revisions only.
    const start = await cp.head();
    for (let step = 0; step < 240; step++) await elapse(5);
    const removed = (await cp.get(`/v1/revisions?after=${start}&limit=100`)).body.items as { kind: string; payload: { put: unknown[]; delete: string[] } }[];
    expect(removed.every((r) => r.kind === 'risk' && r.payload.put.length === 0)).toBe(true);
    expect(removed.flatMap((r) => r.payload.delete).sort()).toEqual(['service:scanner', 'subject:mallory']);
    expect(removed.length).toBeLessThanOrEqual(2);
    expect((await cp.get('/v1/risk/fleet')).body.total).toBe(0);
  });
});
