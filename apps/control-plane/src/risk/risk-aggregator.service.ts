import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { fleetScoreAt, riskKey, type FleetRisk, type RiskTarget } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import { ContainmentService } from './containment.service';
import { aggregate, type AgentReport } from './fleet-aggregation';
import { RISK_OPTIONS, type RiskOptions } from './risk-options';

const CHUNK = 500;
/**
 * How often every fleet entry is re-aggregated. Agents decay entries themselves, so this finds
 * only what decay alone does not explain: reports leaving the window, entries fading out.
 */
const DECAY_SWEEP_MS = 5000;

/** Rolls back an aggregation that found nothing worth a revision. */
class NothingChanged extends Error {}

/**
 * Turns agents' reports into the fleet risk agents receive. Every `aggregateMs` it takes
 * the keys reported since the last pass (plus, every few seconds, every key in the fleet
 * table), recomputes their aggregate from the reports (fleet-aggregation) inside one
 * revision transaction, and commits a `risk` revision with the entries that agents would
 * otherwise get wrong: agents decay an entry themselves from its components (libs/contracts
 * `fleetScoreAt`), so an entry is pushed only when the aggregate is `minChange` away from
 * what agents compute from the last push, or on the other side of a threshold from it
 * (`thresholds`, and every enabled containment rule's), or fell to nothing. A fading score
 * thus costs no revisions; a new report that moves it does. Doing the comparison under the
 * revision lock makes replicas agree: a replica that aggregates the same keys just after
 * another finds nothing changed and rolls back without using a revision. Each changed
 * aggregate then goes to the containment rules.
 */
@Injectable()
export class RiskAggregator implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RiskAggregator.name);
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private lastSweep = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
    private readonly containment: ContainmentService,
    @Inject(RISK_OPTIONS) private readonly opts: RiskOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = null));
    }, this.opts.aggregateMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  markDirty(keys: Iterable<string>): void {
    for (const k of keys) this.dirty.add(k);
  }

  /** One pass; returns the fleet entries that changed. */
  async tick(now = Date.now()): Promise<FleetRisk[]> {
    const keys = this.dirty;
    this.dirty = new Set();
    try {
      if (now - this.lastSweep >= DECAY_SWEEP_MS) {
        this.lastSweep = now;
        const rows: { target: string; value: string }[] = await this.dataSource.query('SELECT target, value FROM fleet_risk');
        for (const r of rows) keys.add(`${r.target}:${r.value}`);
        await this.dataSource.query(`DELETE FROM risk_reports WHERE reported_at < now() - make_interval(secs => $1)`, [this.opts.windowMs / 1000]);
      }
      const changed: FleetRisk[] = [];
      const all = [...keys];
      for (let i = 0; i < all.length; i += CHUNK) changed.push(...(await this.aggregate(all.slice(i, i + CHUNK))));
      if (changed.length > 0) await this.containment.evaluate(changed.filter((c) => c.score > 0));
      return changed;
    } catch (e) {
      this.markDirty(keys); // try again next pass
      this.logger.error(`risk aggregation failed: ${(e as Error).message}`);
      return [];
    }
  }

  private async aggregate(keys: string[]): Promise<FleetRisk[]> {
    const targets = keys.map((k) => k.slice(0, k.indexOf(':')));
    const values = keys.map((k) => k.slice(k.indexOf(':') + 1));
    let changed: FleetRisk[] = [];
    try {
      await this.revisions.commit('system:risk', async (change) => {
        changed = await this.diff(change, targets, values);
        if (changed.length === 0) throw new NothingChanged();
      });
    } catch (e) {
      if (e instanceof NothingChanged) return [];
      throw e;
    }
    return changed;
  }

  private async diff(change: ChangeContext, targets: string[], values: string[]): Promise<FleetRisk[]> {
    const em = change.em;
    const reports: { target: RiskTarget; value: string; service: string; score: number; reasons: string[]; reported_at: Date }[] = await em.query(
      `SELECT r.target, r.value, r.service, r.score, r.reasons, r.reported_at FROM risk_reports r
       JOIN unnest($1::text[], $2::text[]) AS k(t, v) ON r.target = k.t AND r.value = k.v
       WHERE r.reported_at > $3::timestamptz - make_interval(secs => $4)`,
      [targets, values, change.now, this.opts.windowMs / 1000],
    );
    const current: { target: RiskTarget; value: string; score: number; updated_at: Date; components: number[]; half_life_ms: number | null }[] = await em.query(
      `SELECT f.target, f.value, f.score, f.updated_at, f.components, f.half_life_ms FROM fleet_risk f JOIN unnest($1::text[], $2::text[]) AS k(t, v) ON f.target = k.t AND f.value = k.v`,
      [targets, values],
    );
    const rules: { target: RiskTarget; threshold: number }[] = await em.query('SELECT DISTINCT target, threshold FROM containment_rules WHERE enabled');
    const thresholds = (t: RiskTarget) => [...this.opts.thresholds, ...rules.filter((r) => r.target === t).map((r) => r.threshold)];
    const byKey = new Map<string, AgentReport[]>();
    for (const r of reports) {
      const k = riskKey(r.target, r.value);
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push({ service: r.service, score: r.score, reasons: r.reasons, reportedAt: new Date(r.reported_at) });
    }
    // What agents hold for each key now: the last push, decayed as they decay it.
    const now = change.now.getTime();
    const held = new Map(
      current.map((c) => {
        const pushed: FleetRisk = { target: c.target, value: c.value, score: c.score, reasons: [], agents: 0, updated_at: '', components: c.components, half_life_ms: c.half_life_ms ?? undefined };
        return [riskKey(c.target, c.value), fleetScoreAt(pushed, now, new Date(c.updated_at).getTime())];
      }),
    );
    const put: FleetRisk[] = [];
    const del: string[] = [];
    const updatedAt = change.now.toISOString();
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i] as RiskTarget;
      const key = riskKey(target, values[i]);
      const agg = aggregate(byKey.get(key) ?? [], change.now, this.opts.halfLifeMs);
      const was = held.get(key);
      if (agg.score < 0.01) {
        if (was !== undefined) del.push(key);
        continue;
      }
      if (was !== undefined && !worthPushing(was, agg.score, this.opts.minChange, thresholds(target))) continue;
      put.push({ target, value: values[i], score: agg.score, reasons: agg.reasons, agents: agg.agents, updated_at: updatedAt, components: agg.components, half_life_ms: this.opts.halfLifeMs });
    }
    if (put.length === 0 && del.length === 0) return [];
    if (del.length > 0) {
      await em.query(`DELETE FROM fleet_risk f USING unnest($1::text[], $2::text[]) AS k(t, v) WHERE f.target = k.t AND f.value = k.v`, [
        del.map((k) => k.slice(0, k.indexOf(':'))),
        del.map((k) => k.slice(k.indexOf(':') + 1)),
      ]);
    }
    if (put.length > 0) {
      await em.query(
        `INSERT INTO fleet_risk (target, value, score, reasons, agents, revision, updated_at, components, half_life_ms)
         SELECT t, v, s, r::jsonb, a, $6, $7, ARRAY(SELECT jsonb_array_elements_text(c::jsonb)::float8), $9
           FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::int[], $8::text[]) AS x(t, v, s, r, a, c)
         ON CONFLICT (target, value) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, agents = EXCLUDED.agents, revision = EXCLUDED.revision,
           updated_at = EXCLUDED.updated_at, components = EXCLUDED.components, half_life_ms = EXCLUDED.half_life_ms`,
        [
          put.map((p) => p.target),
          put.map((p) => p.value),
          put.map((p) => p.score),
          put.map((p) => JSON.stringify(p.reasons)),
          put.map((p) => p.agents),
          change.revision,
          change.now,
          put.map((p) => JSON.stringify(p.components ?? [])),
          this.opts.halfLifeMs,
        ],
      );
    }
    change.log('risk', 'risk:fleet', { put, delete: del });
    return [...put, ...del.map((k) => ({ target: k.slice(0, k.indexOf(':')) as RiskTarget, value: k.slice(k.indexOf(':') + 1), score: 0, reasons: [], agents: 0, updated_at: updatedAt }))];
  }
}

/**
 * Whether agents holding `held` (their locally decayed value) must be told `fresh`: it is at
 * least a step away, or on the other side of a threshold (as `>` and as `>=`, since rules
 * and policies compare either way).
 */
export function worthPushing(held: number, fresh: number, step: number, thresholds: readonly number[]): boolean {
  if (Math.abs(fresh - held) >= step - 1e-9) return true; // scores have 3 decimals: 0.3 − 0.28 is a step
  return thresholds.some((t) => held > t !== fresh > t || held >= t !== fresh >= t);
}
