/**
 * Pass: module-level v1 checks (OPA's CheckKeywordOverrides and CheckDuplicateImports). They apply to
 * v1 modules, and to v0 modules in strict mode:
 * - two imports binding the same name → `import must not shadow import data.x`;
 * - rules named `input` or `data` → `rules must not shadow input` (args: resolve-refs; `:=` locals:
 *   rewrite-locals, which visits every assignment anyway).
 * Import paths must be rooted at `data`, `input`, `future` or `rego` in every version.
 */
import type { Import, Module } from '../syntax/ast';
import { refToStringPath } from '../syntax/ast';
import type { CheckContext } from './compile-context';
import { termToString } from './rule-tree';

const ROOTS = new Set(['input', 'data']);

export function checkModuleRules(ctx: CheckContext): void {
  for (const mod of ctx.modules) {
    checkImportRoots(ctx, mod);
    if (mod.regoVersion === 1 || ctx.strict) {
      checkDuplicateImports(ctx, mod);
      checkRootOverrides(ctx, mod);
    }
  }
}

/** The name an import binds: its alias, or the last element of its path. */
export function importName(imp: Import): string {
  if (imp.alias) return imp.alias;
  const last = imp.path.path[imp.path.path.length - 1];
  if (last === undefined) return imp.path.head.kind === 'var' ? imp.path.head.name : '';
  return last.kind === 'string' ? last.value : termToString(last);
}

export function importToString(imp: Import): string {
  return `import ${termToString(imp.path)}${imp.alias ? ` as ${imp.alias}` : ''}`;
}

function checkImportRoots(ctx: CheckContext, mod: Module): void {
  for (const imp of mod.imports) {
    const parts = refToStringPath(imp.path);
    const root = parts?.[0];
    if (!parts || !root || !['data', 'input', 'future', 'rego'].includes(root)) {
      ctx.error('rego_compile_error', `invalid import path ${termToString(imp.path)}: must begin with input or data`, imp.loc);
    }
  }
}

function checkDuplicateImports(ctx: CheckContext, mod: Module): void {
  const seen = new Map<string, Import>();
  for (const imp of mod.imports) {
    const root = imp.path.head.kind === 'var' ? imp.path.head.name : '';
    if (root === 'future' || root === 'rego') continue;
    const name = importName(imp);
    const prev = seen.get(name);
    if (prev) ctx.error('rego_compile_error', `import must not shadow ${importToString(prev)}`, imp.loc);
    else seen.set(name, imp);
  }
}

function checkRootOverrides(ctx: CheckContext, mod: Module): void {
  for (const rule of mod.rules) {
    const first = rule.head.ref[0];
    if (first?.kind === 'var' && ROOTS.has(first.name)) {
      ctx.error('rego_compile_error', `rules must not shadow ${first.name} (use a different rule name)`, rule.loc);
    }
  }
}
