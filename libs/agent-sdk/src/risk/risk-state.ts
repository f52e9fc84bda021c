/**
 * What the control plane says about risk, as of the applied revision: signals (from the
 * API, security event tokens or containment rules) and the fleet-wide risk aggregated
 * from every agent's reports. Indexed by target and value so the request path finds a
 * subject's signals and fleet score with two map look-ups.
 */
import { fleetScoreAt, type FleetRisk, type RiskEvent, type RiskTarget, type Signal, type SignalEvent } from '@vigil/contracts';

export class RiskState {
  private readonly signalsById = new Map<string, Signal>();
  private readonly signalsByTarget: Record<RiskTarget, Map<string, Map<string, Signal>>> = { subject: new Map(), service: new Map() };
  private readonly fleet: Record<RiskTarget, Map<string, FleetRisk>> = { subject: new Map(), service: new Map() };
  /** Each entry's `updated_at` parsed once (entries decay from it on every look-up). */
  private readonly fleetAt = new WeakMap<FleetRisk, number>();

  constructor(signals: readonly Signal[] = [], risk: readonly FleetRisk[] = []) {
    for (const s of signals) this.putSignal(s);
    for (const r of risk) this.putFleet(r);
  }

  applySignals(e: SignalEvent): void {
    for (const id of e.delete) this.deleteSignal(id);
    for (const s of e.put) this.putSignal(s);
  }

  applyRisk(e: RiskEvent): void {
    for (const key of e.delete) {
      const i = key.indexOf(':');
      const target = key.slice(0, i) as RiskTarget;
      this.fleet[target]?.delete(key.slice(i + 1));
    }
    for (const r of e.put) this.putFleet(r);
  }

  /** Signals in force for a target value at `now` (expired ones no longer count), or undefined. */
  signals(target: RiskTarget, value: string): ReadonlyMap<string, Signal> | undefined {
    return this.signalsByTarget[target].get(value);
  }

  fleetRisk(target: RiskTarget, value: string): FleetRisk | undefined {
    return this.fleet[target].get(value);
  }

  /**
   * An entry's fleet score at `now`, decayed since the control plane pushed it as the control
   * plane decays it (libs/contracts `fleetScoreAt`): between pushes a fading score needs no revision.
   */
  fleetScore(r: FleetRisk, now: number): number {
    return fleetScoreAt(r, now, this.fleetAt.get(r));
  }

  get signalCount(): number {
    return this.signalsById.size;
  }

  allSignals(): Signal[] {
    return [...this.signalsById.values()];
  }

  allRisk(): FleetRisk[] {
    return [...this.fleet.subject.values(), ...this.fleet.service.values()];
  }

  /** Fleet entries, for tests and /health. */
  fleetSize(): number {
    return this.fleet.subject.size + this.fleet.service.size;
  }

  private putFleet(r: FleetRisk): void {
    this.fleet[r.target].set(r.value, r);
    this.fleetAt.set(r, Date.parse(r.updated_at));
  }

  private putSignal(s: Signal): void {
    this.deleteSignal(s.id);
    this.signalsById.set(s.id, s);
    const byValue = this.signalsByTarget[s.target];
    let byName = byValue.get(s.value);
    if (!byName) byValue.set(s.value, (byName = new Map()));
    byName.set(s.name, s);
  }

  private deleteSignal(id: string): void {
    const old = this.signalsById.get(id);
    if (!old) return;
    this.signalsById.delete(id);
    const byName = this.signalsByTarget[old.target].get(old.value);
    if (byName?.get(old.name)?.id === id) byName.delete(old.name);
    if (byName && byName.size === 0) this.signalsByTarget[old.target].delete(old.value);
  }
}
