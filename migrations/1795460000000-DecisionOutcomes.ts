import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decision logs keep the adaptive outcome (allow | challenge | limit | deny) and the policy's
 * reasons as columns, so `GET /v1/decisions` can filter on them without parsing results.
 * Rows logged before are filled in from what they hold: allowed → allow; an agent denial
 * (`reason`) → deny; otherwise the result read as libs/contracts `normalizeResult` does
 * (deny > challenge > limit, anything else denies) with its `reasons` (a string or strings).
 */
export class DecisionOutcomes1795460000000 implements MigrationInterface {
  name = 'DecisionOutcomes1795460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decision_logs ADD COLUMN outcome text, ADD COLUMN reasons text[] NOT NULL DEFAULT '{}'`);
    const truthy = (key: string) => `(result ? '${key}' AND result->'${key}' NOT IN ('false'::jsonb, 'null'::jsonb, '0'::jsonb, '""'::jsonb))`;
    await q.query(`
      UPDATE decision_logs SET
        outcome = CASE
          WHEN allowed THEN 'allow'
          WHEN reason IS NOT NULL OR jsonb_typeof(result) IS DISTINCT FROM 'object' THEN 'deny'
          WHEN ${truthy('deny')} THEN 'deny'
          WHEN ${truthy('challenge')} THEN 'challenge'
          WHEN result ? 'limit' AND result->'limit' NOT IN ('false'::jsonb, 'null'::jsonb) THEN 'limit'
          ELSE 'deny'
        END,
        reasons = CASE jsonb_typeof(result->'reasons')
          WHEN 'string' THEN ARRAY[result->>'reasons']
          WHEN 'array' THEN ARRAY(SELECT x #>> '{}' FROM jsonb_array_elements(result->'reasons') x WHERE jsonb_typeof(x) = 'string')
          ELSE '{}'
        END`);
    await q.query(`ALTER TABLE decision_logs ALTER COLUMN outcome SET NOT NULL, ADD CONSTRAINT decision_logs_outcome CHECK (outcome IN ('allow', 'challenge', 'limit', 'deny'))`);
    await q.query(`CREATE INDEX decision_logs_outcome_at ON decision_logs (outcome, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX decision_logs_outcome_at`);
    await q.query(`ALTER TABLE decision_logs DROP COLUMN reasons, DROP COLUMN outcome`);
  }
}
