import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fleet risk decays at the agents between pushes: each entry keeps the agents' decayed scores
 * (components) and the half-life they decay with, which the control plane pushes with it.
 * Rows from before have neither and keep the old behaviour (no decay until the next push).
 */
export class FleetRiskDecay1795470000000 implements MigrationInterface {
  name = 'FleetRiskDecay1795470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fleet_risk ADD COLUMN components double precision[] NOT NULL DEFAULT '{}', ADD COLUMN half_life_ms integer CHECK (half_life_ms > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fleet_risk DROP COLUMN half_life_ms, DROP COLUMN components`);
  }
}
