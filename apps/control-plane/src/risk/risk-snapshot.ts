import type { FleetRisk, Signal } from '@vigil/contracts';
import { IsNull, type EntityManager } from 'typeorm';
import { SignalRow } from '../signals/signal.entity';
import { signalRecord } from '../signals/signals.service';
import { FleetRiskRow } from './fleet-risk.entity';

/** Signals and fleet risk in force as of the transaction's snapshot, for agents' full snapshots. */
export async function readRiskState(em: EntityManager): Promise<{ signals: Signal[]; risk: FleetRisk[] }> {
  const signals = await em.find(SignalRow, { where: { expiredRevision: IsNull() }, order: { target: 'ASC', value: 'ASC', name: 'ASC' } });
  const fleet = await em.find(FleetRiskRow, { order: { target: 'ASC', value: 'ASC' } });
  return {
    signals: signals.map(signalRecord),
    risk: fleet.map((f) => ({ target: f.target, value: f.value, score: f.score, reasons: f.reasons, agents: f.agents, updated_at: f.updatedAt.toISOString() })),
  };
}
