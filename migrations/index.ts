/**
 * Every migration, in order. Listed explicitly (no glob) so the same list works from
 * TypeScript sources under jest, from the swc build in dist/, and in the TypeORM CLI.
 */
import { InitialSchema1795435626668 } from './1795435626668-InitialSchema';
import { Distribution1795440000000 } from './1795440000000-Distribution';
import { Risk1795450000000 } from './1795450000000-Risk';
import { DecisionOutcomes1795460000000 } from './1795460000000-DecisionOutcomes';
import { FleetRiskDecay1795470000000 } from './1795470000000-FleetRiskDecay';
import { BundleScopes1795480000000 } from './1795480000000-BundleScopes';

export const MIGRATIONS = [InitialSchema1795435626668, Distribution1795440000000, Risk1795450000000, DecisionOutcomes1795460000000, FleetRiskDecay1795470000000, BundleScopes1795480000000];
