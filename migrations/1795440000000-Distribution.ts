import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Push distribution (issue 4): each agent's live connection state as the replicas see it
 * (applied revision, lag, which replica), and the decision logs agents send back.
 */
export class Distribution1795440000000 implements MigrationInterface {
  name = 'Distribution1795440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_connections (
        agent_id uuid PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
        state text NOT NULL,
        replica text NOT NULL,
        connected_at timestamptz,
        disconnected_at timestamptz,
        applied_revision bigint NOT NULL DEFAULT 0,
        acked_at timestamptz,
        decisions_dropped bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE decision_logs (
        decision_id uuid PRIMARY KEY,
        agent_id uuid NOT NULL,
        at timestamptz NOT NULL,
        path text NOT NULL,
        input jsonb,
        result jsonb,
        allowed boolean NOT NULL,
        reason text,
        revision bigint NOT NULL,
        bundle_sha256 text,
        latency_us integer NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX decision_logs_at ON decision_logs (at DESC)`);
    await q.query(`CREATE INDEX decision_logs_agent_at ON decision_logs (agent_id, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE decision_logs`);
    await q.query(`DROP TABLE agent_connections`);
  }
}
