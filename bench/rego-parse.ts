/**
 * Parsing a 1,000-rule module (the control plane's publish path and the editor
 * parse on every change). Reports p50/p99 per parse and, as the same-run
 * baseline, the ratio to `JSON.parse` of a JSON document of the same size.
 * Run: `npm run build:ts && node dist/bench/rego-parse.js`.
 */
import { parseModule } from '@vigil/rego';
import { emitJson, interleave, round, summarize } from './lib/stats';

const RULES = 1000;

/** Rule shapes seen in real policies, cycled. */
const SHAPES: ((i: number) => string)[] = [
  (i) => `allow_${i} if {\n\tinput.user.roles[_] == "role_${i}"\n\tinput.method == "GET"\n}`,
  (i) => `deny_${i} contains msg if {\n\tsome r in input.resources\n\tnot r.tags.owner\n\tmsg := sprintf("resource %s (${i}) has no owner", [r.id])\n}`,
  (i) => `limit_${i} := {"cpu": ${i}, "mem": [${i}, ${i + 1}], "zones": {"a", "b"}}`,
  (i) => `score_${i}(x) := y if {\n\ty := (x * ${i} + 3) / 2 - count(input.items)\n\ty > 0\n}`,
  (i) => `size_${i} := "small" if input.n < ${i} else := "large"`,
  (i) => `names_${i} := [n | some u in input.users; u.age > ${i}; n := lower(u.name)]`,
  (i) => `default flag_${i} := false\n\nflag_${i} if every x in input.xs { x.v != ${i} }`,
  (i) => `by_id_${i}[u.id] := u if {\n\tsome u in data.users\n\tu.group == "g${i}"\n} # group ${i}`,
];

function policy(): string {
  const parts = ['package bench.parse', 'import data.lib.helpers'];
  for (let i = 0; i < RULES; i++) parts.push(SHAPES[i % SHAPES.length](i));
  return parts.join('\n\n');
}

/** A JSON document at least `size` characters long. */
function jsonOfSize(size: number): string {
  const rows: unknown[] = [];
  let json = '[]';
  for (let i = 0; json.length < size; i++) {
    rows.push({ name: `rule_${i}`, kind: 'complete', body: [{ op: 'equal', args: ['input.user', `role_${i}`] }], n: i });
    if (i % 50 === 0) json = JSON.stringify(rows);
  }
  return JSON.stringify(rows);
}

function main(): void {
  const source = policy();
  const json = jsonOfSize(source.length);
  const check = parseModule('bench.rego', source);
  if (check.diagnostics.length > 0 || check.module?.rules.length !== RULES + RULES / SHAPES.length) {
    throw new Error(`bench policy does not parse as expected: ${check.diagnostics[0]?.message ?? check.module?.rules.length}`);
  }
  const subject = (): void => void parseModule('bench.rego', source);
  const baseline = (): void => void JSON.parse(json);
  interleave(baseline, subject, 3, 30); // warm-up
  const { baseline: b, subject: s } = interleave(baseline, subject, 10, 30);
  const bs = summarize(b);
  const ss = summarize(s);
  console.log(`source    ${source.length} chars, ${RULES + RULES / SHAPES.length} rules; JSON baseline ${json.length} chars`);
  console.log(`JSON.parse p50 ${(bs.p50 / 1000).toFixed(2)} ms  p99 ${(bs.p99 / 1000).toFixed(2)} ms`);
  console.log(`parse      p50 ${(ss.p50 / 1000).toFixed(2)} ms  p99 ${(ss.p99 / 1000).toFixed(2)} ms`);
  console.log(`ratio      p50 ${(ss.p50 / bs.p50).toFixed(2)}`);
  emitJson({
    bench: 'rego-parse',
    rules: RULES + RULES / SHAPES.length,
    source_chars: source.length,
    baseline_p50_ms: round(bs.p50 / 1000),
    p50_ms: round(ss.p50 / 1000),
    p99_ms: round(ss.p99 / 1000),
    ratio_p50: round(ss.p50 / bs.p50),
  });
}

main();
