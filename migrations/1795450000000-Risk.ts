import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Continuous risk (issue 7): signals about subjects and services (from the API and from
 * OpenID Shared Signals transmitters, whose security event tokens are deduplicated by
 * issuer and jti), every agent's latest risk report, the fleet aggregate pushed back to
 * agents, containment rules and the automatic actions they took.
 */
export class Risk1795450000000 implements MigrationInterface {
  name = 'Risk1795450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signals (
        id uuid PRIMARY KEY,
        target text NOT NULL CHECK (target IN ('subject', 'service')),
        value text NOT NULL,
        name text NOT NULL,
        level double precision NOT NULL CHECK (level >= 0 AND level <= 1),
        reason text,
        source text NOT NULL,
        attributes jsonb,
        expires_at timestamptz,
        expired_revision bigint,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        UNIQUE (target, value, name)
      )`);
    await q.query(`CREATE INDEX signals_expiry ON signals (expires_at) WHERE expired_revision IS NULL AND expires_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE signal_transmitters (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        issuer text NOT NULL UNIQUE,
        audience text,
        jwks jsonb,
        jwks_uri text,
        revoke_seconds integer NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE signal_receipts (
        issuer text NOT NULL,
        jti text NOT NULL,
        transmitter_id uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        events jsonb NOT NULL,
        outcome jsonb NOT NULL,
        PRIMARY KEY (issuer, jti)
      )`);
    await q.query(`
      CREATE TABLE risk_reports (
        target text NOT NULL,
        value text NOT NULL,
        agent_id uuid NOT NULL,
        service text NOT NULL,
        score double precision NOT NULL,
        reasons jsonb NOT NULL,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (target, value, agent_id)
      )`);
    await q.query(`CREATE INDEX risk_reports_reported_at ON risk_reports (reported_at)`);
    await q.query(`
      CREATE TABLE fleet_risk (
        target text NOT NULL,
        value text NOT NULL,
        score double precision NOT NULL,
        reasons jsonb NOT NULL,
        agents integer NOT NULL,
        revision bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (target, value)
      )`);
    await q.query(`
      CREATE TABLE containment_rules (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        target text NOT NULL CHECK (target IN ('subject', 'service')),
        threshold double precision NOT NULL,
        action text NOT NULL,
        duration_seconds integer NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE containment_actions (
        id uuid PRIMARY KEY,
        rule_id uuid REFERENCES containment_rules (id) ON DELETE SET NULL,
        rule_name text NOT NULL,
        target text NOT NULL,
        value text NOT NULL,
        action text NOT NULL,
        score double precision NOT NULL,
        reasons jsonb NOT NULL,
        revocation_id uuid,
        signal_id uuid,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        reverted_at timestamptz,
        reverted_by text,
        revert_revision bigint
      )`);
    await q.query(`CREATE INDEX containment_actions_recent ON containment_actions (rule_id, target, value, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['containment_actions', 'containment_rules', 'fleet_risk', 'risk_reports', 'signal_receipts', 'signal_transmitters', 'signals']) await q.query(`DROP TABLE ${t}`);
  }
}
