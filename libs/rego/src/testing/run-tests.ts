/**
 * Runs the `test_*` rules of a policy set, as `opa test` does: every rule whose
 * name starts with `test_` (not a function) is evaluated with no input; it passes
 * when its value is `true`. All tests compile into one module with one entrypoint
 * per test, so a suite costs one compile.
 */
import type { CompileOptions, RegoModuleSource, RegoTestResult } from '../api';
import { compilePolicy } from '../compile';
import { RegoPolicy } from '../engine/policy';
import { parseModule } from '../syntax/parse';
import type { RegoVersion } from '../syntax/ast';

export interface RunTestsOptions {
  readonly modules: readonly RegoModuleSource[];
  readonly data?: unknown;
  readonly regoVersion?: RegoVersion;
  /** Only tests whose full name matches. */
  readonly filter?: RegExp;
  readonly onPrint?: (message: string) => void;
}

interface TestRule {
  readonly name: string;
  readonly pkg: string;
  readonly file: string;
  readonly entrypoint: string;
}

/** Finds test rules by parsing (parse errors surface from compilePolicy with positions). */
export function discoverTests(modules: readonly RegoModuleSource[], regoVersion: RegoVersion = 1): TestRule[] {
  const seen = new Set<string>();
  const out: TestRule[] = [];
  for (const m of modules) {
    const { module } = parseModule(m.path, m.source, { regoVersion });
    if (!module) continue;
    for (const rule of module.rules) {
      const head = rule.head.ref[0];
      if (rule.head.kind === 'function' || head.kind !== 'var' || !head.name.startsWith('test_')) continue;
      if (rule.head.ref.length !== 1) continue;
      const pkg = module.package.path.join('.');
      const name = `data.${pkg}.${head.name}`;
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name, pkg: `data.${pkg}`, file: m.path, entrypoint: [...module.package.path, head.name].join('/') });
    }
  }
  return out;
}

/** Compiles once and runs every test. Compile errors throw RegoCompileError. */
export async function runRegoTests(opts: RunTestsOptions): Promise<RegoTestResult[]> {
  const tests = discoverTests(opts.modules, opts.regoVersion).filter((t) => !opts.filter || opts.filter.test(t.name));
  if (tests.length === 0) return [];
  const compileOpts: CompileOptions = {
    modules: opts.modules,
    entrypoints: tests.map((t) => t.entrypoint),
    regoVersion: opts.regoVersion,
    enablePrint: opts.onPrint !== undefined,
  };
  const compiled = compilePolicy(compileOpts);
  const policy = await RegoPolicy.load(compiled.wasm, { onPrint: opts.onPrint });
  policy.setData(opts.data ?? {});
  return tests.map((t) => runOne(policy, t));
}

function runOne(policy: RegoPolicy, t: TestRule): RegoTestResult {
  const started = performance.now();
  const base = { name: t.name, package: t.pkg, file: t.file };
  try {
    const rs = policy.evaluate(undefined, t.entrypoint);
    const passed = rs.length > 0 && rs[0].result === true;
    return { ...base, passed, durationMs: performance.now() - started };
  } catch (e) {
    return { ...base, passed: false, error: (e as Error).message, durationMs: performance.now() - started };
  }
}
