/**
 * The check passes on a 1,000-rule module (every compile and `vigil check` runs them). Reports p50/p99
 * per check and, as the same-run baseline, the ratio to parsing the same source; per-pass p50 shows
 * where the time goes. The target is well under 300 ms per 1,000 rules.
 * Run: `npm run build:ts && node dist/bench/rego-check.js`.
 */
import { checkProgram, type Module, parseModule } from '@vigil/rego';
import { emitJson, interleave, round, summarize } from './lib/stats';

const RULES = 1000;

/** Rule shapes seen in real policies, cycled (the parse bench's shapes plus imports, refs and with). */
const SHAPES: ((i: number) => string)[] = [
  (i) => `allow_${i} if {\n\tinput.user.roles[_] == "role_${i}"\n\tinput.method == "GET"\n}`,
  (i) => `deny_${i} contains msg if {\n\tsome r in input.resources\n\tnot r.tags.owner\n\tmsg := sprintf("resource %s (${i}) has no owner", [r.id])\n}`,
  (i) => `limit_${i} := {"cpu": ${i}, "mem": [${i}, ${i + 1}], "zones": {"a", "b"}}`,
  (i) => `score_${i}(x) := y if {\n\ty := (x * ${i} + 3) / 2 - count(input.items)\n\ty > 0\n}`,
  (i) => `size_${i} := "small" if input.n < ${i} else := "large"`,
  (i) => `names_${i} := [n | some u in input.users; u.age > ${i}; n := lower(u.name)]`,
  (i) => `default flag_${i} := false\n\nflag_${i} if every x in input.xs { x.v != ${i} }`,
  (i) => `by_id_${i}[u.id] := u if {\n\tsome u in helpers.users\n\tu.group == "g${i}"\n\tnot deny_${i - (i % 8) + 1}[u.id]\n\tallow_${i - (i % 8)} with input.method as "GET"\n}`,
];

function policy(): string {
  const parts = ['package bench.check', 'import data.lib.helpers'];
  for (let i = 0; i < RULES; i++) parts.push((SHAPES[i % SHAPES.length] as (i: number) => string)(i));
  return parts.join('\n\n');
}

function main(): void {
  const source = policy();
  const parsed = parseModule('bench.rego', source);
  const module = parsed.module as Module;
  if (parsed.diagnostics.length > 0 || !module) throw new Error(`bench policy does not parse: ${parsed.diagnostics[0]?.message}`);
  const first = checkProgram([module], {});
  const errors = first.diagnostics.filter((d) => d.severity !== 'warning' && d.code !== 'rego_unsupported_builtin_error');
  if (errors.length > 0) throw new Error(`bench policy does not check: ${errors[0]?.message}`);

  const passes: Record<string, number[]> = {};
  const subject = (): void => {
    const timings: Record<string, number> = {};
    checkProgram([module], { timings });
    for (const [k, v] of Object.entries(timings)) (passes[k] ??= []).push(v);
  };
  const baseline = (): void => void parseModule('bench.rego', source);
  interleave(baseline, subject, 3, 10); // warm-up
  for (const k of Object.keys(passes)) passes[k] = [];
  const { baseline: b, subject: s } = interleave(baseline, subject, 10, 10);
  const bs = summarize(b);
  const ss = summarize(s);
  console.log(`source  ${source.length} chars, ${module.rules.length} rules`);
  console.log(`parse   p50 ${(bs.p50 / 1000).toFixed(2)} ms  p99 ${(bs.p99 / 1000).toFixed(2)} ms`);
  console.log(`check   p50 ${(ss.p50 / 1000).toFixed(2)} ms  p99 ${(ss.p99 / 1000).toFixed(2)} ms`);
  console.log(`ratio   p50 ${(ss.p50 / bs.p50).toFixed(2)} (check / parse)`);
  for (const [k, v] of Object.entries(passes)) console.log(`  ${k.padEnd(22)} p50 ${summarize(v).p50.toFixed(2)} ms`);
  emitJson({
    bench: 'rego-check',
    rules: module.rules.length,
    baseline_parse_p50_ms: round(bs.p50 / 1000),
    p50_ms: round(ss.p50 / 1000),
    p99_ms: round(ss.p99 / 1000),
    ratio_p50: round(ss.p50 / bs.p50),
  });
}

main();
