/**
 * The Rego commands of the `vigil` CLI: build, eval, test, check. Each returns an
 * exit code and writes to the given streams, so the CLI app stays a thin wiring
 * layer and these stay testable without spawning processes.
 */
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RegoModuleSource } from '../api';
import { compilePolicy, checkModules } from '../compile';
import { RegoCompileError, formatDiagnostic, type Diagnostic } from '../diagnostics';
import { RegoPolicy, RegoEvalError } from '../engine/policy';
import { bundleFiles, writeBundle } from '../bundle/bundle';
import { runRegoTests } from '../testing/run-tests';
import { parseQuery } from '../syntax/parse';
import type { RegoVersion } from '../syntax/ast';
import { loadPaths, LoadPathError } from './load-paths';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export interface CommonOptions {
  readonly v0Compatible?: boolean;
}

const version = (o: CommonOptions): RegoVersion => (o.v0Compatible ? 0 : 1);

export async function buildCommand(
  paths: string[],
  o: CommonOptions & { entrypoints: string[]; output: string; revision?: string },
  io: Io,
): Promise<number> {
  return guard(io, async (sources) => {
    const { modules, data } = loadPaths(paths);
    sources.push(...modules);
    const compiled = compilePolicy({ modules, entrypoints: o.entrypoints, regoVersion: version(o) });
    const manifest = {
      revision: o.revision ?? '',
      roots: [''],
      wasm: Object.keys(compiled.entrypoints).map((entrypoint) => ({ entrypoint, module: '/policy.wasm' })),
      rego_version: version(o),
    };
    const archive = await writeBundle(bundleFiles({ manifest, wasm: compiled.wasm, data }));
    mkdirSync(dirname(o.output), { recursive: true });
    writeFileSync(o.output, archive);
    const wasmPath = join(dirname(o.output), 'policy.wasm');
    writeFileSync(wasmPath, compiled.wasm);
    io.out(`wrote ${o.output} (${archive.length} bytes) and ${wasmPath} (${compiled.wasm.length} bytes); entrypoints: ${Object.keys(compiled.entrypoints).join(', ')}\n`);
    return 0;
  });
}

export async function evalCommand(
  query: string,
  o: CommonOptions & { data: string[]; input?: string; strictBuiltinErrors?: boolean },
  io: Io,
): Promise<number> {
  return guard(io, async (sources) => {
    const { modules, data } = loadPaths(o.data);
    sources.push(...modules);
    // A bare term (`data.authz.allow`) has no variables to bind; bind its value so it is shown.
    const bare = isBareTerm(query, version(o));
    const planned = bare ? `${VALUE_VAR} = ${query}` : query;
    const compiled = compilePolicy({ modules, query: planned, regoVersion: version(o), enablePrint: true, strictBuiltinErrors: o.strictBuiltinErrors });
    const policy = await RegoPolicy.load(compiled.wasm, { onPrint: (m) => io.err(`${m}\n`), strictBuiltinErrors: o.strictBuiltinErrors });
    policy.setData(data);
    const rows = o.input === undefined ? policy.evaluate(undefined) : policy.evaluateJson(readInput(o.input));
    const result = bare ? rows.map((r) => ({ result: r[VALUE_VAR] })) : rows;
    io.out(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  });
}

export async function testCommand(paths: string[], o: CommonOptions & { verbose?: boolean; run?: string }, io: Io): Promise<number> {
  return guard(io, async (sources) => {
    const { modules, data } = loadPaths(paths);
    sources.push(...modules);
    const results = await runRegoTests({
      modules,
      data,
      regoVersion: version(o),
      filter: o.run ? new RegExp(o.run) : undefined,
      onPrint: o.verbose ? (m) => io.out(`  ${m}\n`) : () => undefined,
    });
    let passed = 0;
    for (const r of results) {
      if (r.passed) passed++;
      const status = r.passed ? 'PASS' : r.error ? 'ERROR' : 'FAIL';
      const detail = r.error ? `: ${r.error}` : '';
      io.out(`${status} ${r.name} (${r.durationMs.toFixed(2)}ms)${detail}\n`);
    }
    const failed = results.length - passed;
    io.out(`${passed} passed, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  });
}

export async function checkCommand(paths: string[], o: CommonOptions & { strict?: boolean }, io: Io): Promise<number> {
  return guard(io, async (sources) => {
    const { modules } = loadPaths(paths);
    sources.push(...modules);
    const diags = checkModules({ modules, regoVersion: version(o), strict: o.strict });
    printDiagnostics(diags, sources, io);
    const errors = diags.filter((d) => d.severity !== 'warning').length;
    if (errors === 0) io.out(`${modules.length} module(s) OK\n`);
    return errors > 0 ? 1 : 0;
  });
}

const VALUE_VAR = '__vigil_value__';

function isBareTerm(query: string, regoVersion: RegoVersion): boolean {
  const { query: q } = parseQuery(query, { regoVersion });
  return q !== undefined && q.body.length === 1 && q.body[0].kind === 'termExpr' && !q.body[0].negated && q.body[0].with.length === 0;
}

function readInput(file: string): string {
  return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
}

function printDiagnostics(diags: readonly Diagnostic[], sources: RegoModuleSource[], io: Io): void {
  const map = new Map(sources.map((s) => [s.path, s.source]));
  for (const d of diags) io.err(`${formatDiagnostic(d, map)}\n`);
}

/** Turns known failures into messages and exit codes; no stack traces for user errors. */
async function guard(io: Io, fn: (sources: RegoModuleSource[]) => Promise<number>): Promise<number> {
  const sources: RegoModuleSource[] = [];
  try {
    return await fn(sources);
  } catch (e) {
    if (e instanceof RegoCompileError) {
      printDiagnostics(e.diagnostics, sources, io);
      io.err(`${e.diagnostics.length} error(s)\n`);
      return 1;
    }
    if (e instanceof LoadPathError || e instanceof RegoEvalError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof Error && 'code' in e && (e as { code?: string }).code === 'ENOENT') {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
