import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bundle scopes (issue 4: "an agent receives only the bundles its service/labels are scoped
 * to"): named selectors over agents' service and labels; each policy belongs to one scope
 * (`default` unless said otherwise) or to every scope (`*`, shared); a bundle is built per
 * scope. Existing policies and bundles become the `default` scope's, so a control plane
 * without scopes behaves as before.
 */
export class BundleScopes1795480000000 implements MigrationInterface {
  name = 'BundleScopes1795480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bundle_scopes (
        name text PRIMARY KEY,
        services jsonb NOT NULL DEFAULT '[]',
        labels jsonb NOT NULL DEFAULT '{}',
        priority integer NOT NULL DEFAULT 0,
        description text,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
    await q.query(`ALTER TABLE policies ADD COLUMN bundle_scope text NOT NULL DEFAULT 'default'`);
    await q.query(`ALTER TABLE bundles ADD COLUMN scope text NOT NULL DEFAULT 'default'`);
    // One bundle per (scope, revision); "the bundle of scope S in force at revision r" reads this index backwards.
    await q.query(`ALTER TABLE bundles DROP CONSTRAINT bundles_pkey`);
    await q.query(`ALTER TABLE bundles ADD PRIMARY KEY (scope, revision)`);
    await q.query(`CREATE INDEX bundles_revision ON bundles (revision)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM bundles WHERE scope <> 'default'`);
    await q.query(`DROP INDEX bundles_revision`);
    await q.query(`ALTER TABLE bundles DROP CONSTRAINT bundles_pkey`);
    await q.query(`ALTER TABLE bundles ADD PRIMARY KEY (revision)`);
    await q.query(`ALTER TABLE bundles DROP COLUMN scope`);
    await q.query(`ALTER TABLE policies DROP COLUMN bundle_scope`);
    await q.query(`DROP TABLE bundle_scopes`);
  }
}
