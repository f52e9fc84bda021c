/**
 * Loads policy directories the way `opa eval -d` and `opa test` do: every `.rego`
 * file is a module; every `.json`/`.yaml` file is data placed at its directory's
 * path relative to the root it was found under (`root/a/b/data.json` → `data.a.b`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RegoModuleSource } from '../api';

export interface LoadedPaths {
  readonly modules: RegoModuleSource[];
  readonly data: Record<string, unknown>;
}

export class LoadPathError extends Error {
  readonly code = 'LOAD_PATH_ERROR';
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

export function loadPaths(paths: readonly string[]): LoadedPaths {
  const modules: RegoModuleSource[] = [];
  const data: Record<string, unknown> = {};
  for (const root of paths) {
    let st;
    try {
      st = statSync(root);
    } catch {
      throw new LoadPathError(`${root}: no such file or directory`);
    }
    const files = st.isDirectory() ? walk(root) : [root];
    for (const file of files) {
      const dataPath = st.isDirectory() ? dirPath(root, file) : [];
      if (file.endsWith('.rego')) modules.push({ path: file, source: readFileSync(file, 'utf8') });
      else if (/\.(json|ya?ml)$/.test(file) && !basename(file).startsWith('.')) mergeAt(data, dataPath, readData(file), file);
    }
  }
  return { modules, data };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...walk(p));
    } else out.push(p);
  }
  return out;
}

function dirPath(root: string, file: string): string[] {
  const rel = relative(root, dirname(file));
  return rel === '' ? [] : rel.split(sep);
}

function readData(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new LoadPathError(`${file}: invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
}

function mergeAt(target: Record<string, unknown>, path: string[], value: unknown, file: string): void {
  let node = target;
  for (const key of path) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new LoadPathError(`${file}: data path ${path.join('.')} conflicts with a non-object value`);
    }
    node = node[key] as Record<string, unknown>;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LoadPathError(`${file}: data files must hold a JSON object at the top level`);
  }
  deepMerge(node, value as Record<string, unknown>, file);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>, file: string): void {
  for (const [k, v] of Object.entries(b)) {
    const cur = a[k];
    if (cur !== undefined && isObj(cur) && isObj(v)) deepMerge(cur, v, file);
    else if (cur !== undefined) throw new LoadPathError(`${file}: data key "${k}" is defined twice`);
    else a[k] = v;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
