import type { FleetRisk, Signal } from '@vigil/contracts';
import { IsNull, type EntityManager } from 'typeorm';
import { SignalRow } from '../signals/signal.entity';
import { signalRecord } from '../signals/signals.service';
import { FleetRiskRow, fleetRecord } from './fleet-risk.entity';

/** Signals and fleet risk in force as of the transaction's snapshot, for agents' full snapshots. */
export async function readRiskState(em: EntityManager): Promise<{ signals: Signal[]; risk: FleetRisk[] }> {
  const signals = await em.find(SignalRow, { where: { expiredRevision: IsNull() }, order: { target: 'ASC', value: 'ASC', name: 'ASC' } });
  const fleet = await em.find(FleetRiskRow, { order: { target: 'ASC', value: 'ASC' } });
  return {
    signals: signals.map(signalRecord),
    risk: fleet.map(fleetRecord),
  };
}
