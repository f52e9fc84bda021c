/**
 * The language features the toolchain supports, each tied to the OPA conformance
 * categories and to our own specs that exercise it. The README's feature table is
 * generated from this list, and the conformance spec fails when any case of a listed
 * category stops passing, so the table cannot claim more than the compiler does.
 */

export interface LanguageFeature {
  readonly feature: string;
  /** A short Rego example. */
  readonly example: string;
  /** Conformance categories (folders of ../shared/conformance/opa-v1) that exercise it. */
  readonly categories: readonly string[];
  /** Where our own specs pin it (relative to libs/rego). */
  readonly specs: readonly string[];
  readonly notes?: string;
}

export const LANGUAGE_FEATURES: readonly LanguageFeature[] = [
  {
    feature: 'Rego v1 syntax (`if`, `contains`, `in`, `every`)',
    example: 'allow if input.user in data.admins',
    categories: ['helloworld', 'containskeyword', 'every'],
    specs: ['src/syntax/parser-rules.spec.ts'],
  },
  {
    feature: 'Rego v0 syntax (`--v0-compatible`, `future.keywords`, `import rego.v1`)',
    example: 'deny[msg] { input.x > 1; msg := "too big" }',
    categories: ['all', 'any', 'casts'],
    specs: ['src/syntax/parser-module.spec.ts', 'src/cli/commands.spec.ts'],
  },
  {
    feature: 'Complete rules, `default`, `else` chains',
    example: 'default allow := false',
    categories: ['completedoc', 'defaultkeyword', 'elsekeyword'],
    specs: ['src/plan/eval.spec.ts'],
  },
  {
    feature: 'Partial sets and objects, multi-value rules',
    example: 'roles contains r if some r in input.roles',
    categories: ['partialsetdoc', 'partialobjectdoc', 'partialiter', 'partialdocconstants'],
    specs: ['src/plan/eval.spec.ts'],
  },
  {
    feature: 'Ref heads with variables in any position',
    example: 'p.q[x].r := y if { ... }',
    categories: ['refheads'],
    specs: ['src/plan/eval.spec.ts'],
  },
  {
    feature: 'Functions: several definitions, patterns, `else`, defaults',
    example: 'f(x) := y if { ... }',
    categories: ['functions', 'functionerrors'],
    specs: ['src/plan/eval.spec.ts'],
  },
  {
    feature: 'Base and virtual documents, packages as documents',
    example: 'x := data.pkg',
    categories: ['baseandvirtualdocs', 'virtualdocs', 'embeddedvirtualdoc', 'nestedreferences', 'indirectreferences', 'compositereferences', 'varreferences'],
    specs: ['src/plan/eval.spec.ts'],
  },
  {
    feature: 'Unification, assignment, comparison',
    example: '[x, "b"] = ["a", y]',
    categories: ['eqexpr', 'assignments', 'comparisonexpr', 'evaltermexpr', 'undos'],
    specs: ['src/check/safety.spec.ts'],
  },
  {
    feature: 'Comprehensions (array, set, object)',
    example: '{k: v | some k, v in input.m}',
    categories: ['comprehensions'],
    specs: ['src/plan/eval.spec.ts'],
  },
  {
    feature: '`not`, disjunction, `some ... in`, `every`',
    example: 'every c in input.containers { not c.privileged }',
    categories: ['negation', 'disjunction', 'every'],
    specs: ['src/plan/eval.spec.ts'],
  },
  {
    feature: '`with` on input, data, functions and builtins (mocking)',
    example: 'allow with input as {...} with time.now_ns as 0',
    categories: ['withkeyword'],
    specs: ['src/plan/scope.spec.ts'],
  },
  {
    feature: 'Input values and input terms',
    example: 'input.user',
    categories: ['inputvalues'],
    specs: ['src/engine/policy.spec.ts'],
  },
  {
    feature: 'Exact integers beyond 2^53',
    example: '12345678901234567890 + 1',
    categories: ['arithmetic'],
    specs: ['runtime/test/numbers.spec.ts'],
    notes: 'integer quotients and arithmetic on them with a 64-bit mantissa as OPA (`time.now_ns() / 1e9`); other non-integers are IEEE doubles',
  },
  {
    feature: 'Rule indexing on `input.<path> == <constant>`',
    example: 'allow if { input.method == "GET"; ... }',
    categories: ['indexing'],
    specs: ['src/plan/index.spec.ts'],
    notes: 'also through local aliases (`r := input.resource; r.type == "T"`) and helper rules (`method := input.attributes.request.http.method`)',
  },
  {
    feature: 'Conflict detection at evaluation (`eval_conflict_error`)',
    example: 'p := 1\np := 2',
    categories: ['functionerrors'],
    specs: ['src/wasm/codegen.spec.ts'],
  },
];
