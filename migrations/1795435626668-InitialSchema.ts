import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The control plane's first schema. Every change to enforced state is a row in
 * revision_log, numbered from the single locked row in revision_head (no sequence: a
 * sequence hands out numbers that commit out of order, and a reader tailing "revision > N"
 * would skip a late commit).
 */
export class InitialSchema1795435626668 implements MigrationInterface {
  name = 'InitialSchema1795435626668';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revision_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        revision bigint NOT NULL
      )`);
    await q.query(`INSERT INTO revision_head (id, revision) VALUES (1, 0)`);
    await q.query(`
      CREATE TABLE revision_log (
        revision bigint PRIMARY KEY,
        kind text NOT NULL,
        resource text NOT NULL,
        actor text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE policies (
        id text PRIMARY KEY,
        current_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        revision bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE policy_versions (
        policy_id text NOT NULL REFERENCES policies(id),
        version integer NOT NULL,
        source text,
        sha256 text,
        message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        revision bigint NOT NULL,
        PRIMARY KEY (policy_id, version)
      )`);

    await q.query(`
      CREATE TABLE bundles (
        revision bigint PRIMARY KEY,
        sha256 text NOT NULL,
        size integer NOT NULL,
        signature text NOT NULL,
        key_id text NOT NULL,
        wasm bytea NOT NULL,
        entrypoints jsonb NOT NULL,
        manifest jsonb NOT NULL,
        policy_versions jsonb NOT NULL,
        archive bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);

    await q.query(`
      CREATE TABLE data_documents (
        path text PRIMARY KEY,
        value jsonb NOT NULL,
        revision bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`);

    await q.query(`
      CREATE TABLE role_bindings (
        id uuid PRIMARY KEY,
        subject text NOT NULL,
        role text NOT NULL,
        scope text,
        expires_at timestamptz,
        expired_revision bigint,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One binding per (subject, role, scope); a NULL scope (global) is one value, not many.
    await q.query(`CREATE UNIQUE INDEX role_bindings_identity ON role_bindings (subject, role, scope) NULLS NOT DISTINCT`);
    await q.query(`CREATE INDEX role_bindings_pending_expiry ON role_bindings (expires_at) WHERE expires_at IS NOT NULL AND expired_revision IS NULL`);

    await q.query(`
      CREATE TABLE revocations (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('subject', 'token_id', 'session', 'service')),
        value text NOT NULL,
        reason text,
        expires_at timestamptz,
        expired_revision bigint,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX revocations_identity ON revocations (kind, value)`);
    await q.query(`CREATE INDEX revocations_pending_expiry ON revocations (expires_at) WHERE expires_at IS NOT NULL AND expired_revision IS NULL`);

    await q.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        service text NOT NULL,
        labels jsonb NOT NULL DEFAULT '{}',
        token_hash text NOT NULL UNIQUE,
        last_seen_at timestamptz,
        applied_revision bigint,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        resource text NOT NULL,
        revision bigint,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_events_actor ON audit_events (actor, at)`);
    await q.query(`CREATE INDEX audit_events_resource ON audit_events (resource, at)`);
    await q.query(`CREATE INDEX audit_events_at ON audit_events (at)`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        private_jwk jsonb NOT NULL,
        public_jwk jsonb NOT NULL,
        active boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one key signs; older ones stay published in /v1/keys during a rotation.
    await q.query(`CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (active) WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'signing_keys',
      'api_keys',
      'audit_events',
      'agents',
      'revocations',
      'role_bindings',
      'data_documents',
      'bundles',
      'policy_versions',
      'policies',
      'revision_log',
      'revision_head',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
