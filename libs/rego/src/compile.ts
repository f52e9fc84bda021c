/**
 * The compiler's named pipeline (STYLE.md 9): parse → check → plan → optimize → emit.
 * Each stage collects diagnostics; the first stage that reports errors stops the
 * pipeline and every diagnostic found so far is thrown together.
 */
import type { CompiledPolicy, CompileOptions, RegoModuleSource } from './api';
import { checkProgram } from './check/check';
import { customLookup, customResolver } from './custom-builtins';
import type { CheckedProgram } from './check/program';
import { DiagnosticBag, RegoCompileError, type Diagnostic } from './diagnostics';
import { hoistInvariants } from './plan/hoist';
import { planProgram } from './plan/planner';
import type { Module, Query } from './syntax/ast';
import { parseModule, parseQuery } from './syntax/parse';
import { compileWasm } from './wasm/codegen';

interface Parsed {
  readonly modules: Module[];
  readonly query?: Query;
}

/** Parses every module (and the query); all parse errors are reported, not only the first file's. */
export function parseStage(opts: CompileOptions, bag: DiagnosticBag): Parsed {
  const modules: Module[] = [];
  for (const m of opts.modules) {
    const { module, diagnostics } = parseModule(m.path, m.source, { regoVersion: opts.regoVersion ?? 1 });
    diagnostics.forEach((d) => bag.add(d));
    if (module) modules.push(module);
  }
  let query: Query | undefined;
  if (opts.query !== undefined) {
    const parsed = parseQuery(opts.query, { regoVersion: opts.regoVersion ?? 1 });
    parsed.diagnostics.forEach((d) => bag.add(d));
    query = parsed.query;
  }
  return { modules, query };
}

/** Runs the check passes. */
export function checkStage(parsed: Parsed, opts: CompileOptions, bag: DiagnosticBag, timings?: Record<string, number>): CheckedProgram {
  const program = checkProgram(parsed.modules, {
    query: parsed.query,
    strict: opts.strict,
    enablePrint: opts.enablePrint,
    timings,
    builtins: opts.customBuiltins?.length ? customLookup(opts.customBuiltins) : undefined,
  });
  program.diagnostics.forEach((d) => bag.add(d));
  return program;
}

/** Entrypoints default to every rule (not function) of every package, so bundles expose all decisions. */
export function defaultEntrypoints(program: CheckedProgram): string[] {
  const out = new Set<string>();
  for (const rule of program.rules) {
    if (rule.kind === 'function') continue;
    const path = rule.path.slice(1);
    if (path.length > 0) out.add(path.join('/'));
  }
  return [...out].sort();
}

/**
 * Compiles Rego modules to a wasm module that implements OPA's ABI 1.2.
 * Throws RegoCompileError carrying every diagnostic when any stage reports an error.
 */
export function compilePolicy(opts: CompileOptions): CompiledPolicy {
  const timings: Record<string, number> = {};
  const bag = new DiagnosticBag();
  const time = <T>(stage: string, fn: () => T): T => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      timings[stage] = performance.now() - t0;
    }
  };
  const sources = sourceMap(opts.modules, opts.query);
  const parsed = time('parse', () => parseStage(opts, bag));
  failOnErrors(bag, sources);
  const program = time('check', () => checkStage(parsed, opts, bag));
  failOnErrors(bag, sources);
  const entrypoints = opts.entrypoints ?? (opts.query === undefined ? defaultEntrypoints(program) : []);
  const planned = time('plan', () => planProgram(program, { entrypoints }));
  const policy = opts.optimize === false ? planned : time('optimize', () => hoistInvariants(planned));
  const resolveBuiltin = opts.customBuiltins?.length ? customResolver(opts.customBuiltins) : undefined;
  const out = time('emit', () => compileWasm(policy, { strictBuiltinErrors: opts.strictBuiltinErrors, resolveBuiltin }));
  return {
    wasm: out.wasm,
    entrypoints: out.entrypoints,
    hostBuiltins: out.hostBuiltins,
    warnings: bag.all.filter((d) => d.severity === 'warning'),
    timings,
  };
}

/** Parse and check only: every diagnostic (errors and warnings), sorted by position. */
export function checkModules(opts: Pick<CompileOptions, 'modules' | 'regoVersion' | 'strict' | 'query' | 'customBuiltins'>): Diagnostic[] {
  const bag = new DiagnosticBag();
  const parsed = parseStage(opts, bag);
  if (!bag.hasErrors) checkStage(parsed, opts, bag);
  return bag.sorted();
}

function failOnErrors(bag: DiagnosticBag, sources: ReadonlyMap<string, string>): void {
  if (bag.hasErrors) throw new RegoCompileError(bag.sorted().filter((d) => d.severity !== 'warning'), sources);
}

function sourceMap(modules: readonly RegoModuleSource[], query?: string): Map<string, string> {
  const m = new Map(modules.map((x) => [x.path, x.source]));
  if (query !== undefined) m.set('<query>', query);
  return m;
}
