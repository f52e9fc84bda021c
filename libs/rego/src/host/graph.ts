/**
 * graph.reachable, graph.reachable_paths and walk on the host. Sets arrive as arrays:
 * graph.* treat both alike (as OPA does); walk reports array indexes for what were set
 * members (OPA reports the members), and returns all [path, value] pairs at once in
 * OPA's order (the registry marks it a relation: codegen iterates over the pairs).
 */
import { operandError } from './errors';
import type { HostFamily } from './impl';
import { compareStrings, toSortedSet } from './rego-text';
import { objectArg, typeNameOf, type JsonObject, type Value } from './values';
import { jsonText } from './wire';

/** An object key for a vertex: strings as they are, other values as their JSON text (how they arrive as keys). */
const keyOf = (v: Value) => (typeof v === 'string' ? v : jsonText(v));

function vertices(v: Value | undefined): Value[] {
  return Array.isArray(v) ? v : [];
}

function initialArg(name: string, v: Value): Value[] {
  if (!Array.isArray(v)) throw operandError(name, 2, '{array, set}', typeNameOf(v));
  return v;
}

function reachable([g, initial]: readonly Value[]): Value[] {
  const graph = objectArg('graph.reachable', g, 1);
  const queue = [...initialArg('graph.reachable', initial)];
  const reached = new Map<string, Value>();
  while (queue.length > 0) {
    const node = queue.shift() as Value;
    const k = keyOf(node);
    if (!(k in graph)) continue;
    for (const n of vertices(graph[k])) if (!reached.has(keyOf(n))) queue.push(n);
    reached.set(k, node);
  }
  return toSortedSet([...reached.values()]);
}

function pathsFrom(graph: JsonObject, root: Value, path: Value[], out: Value[][], reached: Set<string>): void {
  const k = keyOf(root);
  if (!(k in graph)) {
    out.push(path);
    return;
  }
  const here = [...path, root];
  const edges = vertices(graph[k]);
  if (edges.length === 0) {
    out.push(here);
    return;
  }
  const seen = new Set(reached).add(k);
  for (const n of edges) {
    if (seen.has(keyOf(n))) out.push(here);
    else pathsFrom(graph, n, here, out, seen);
  }
}

function reachablePaths([g, initial]: readonly Value[]): Value[] {
  const graph = objectArg('graph.reachable_paths', g, 1);
  const out: Value[][] = [];
  for (const node of initialArg('graph.reachable_paths', initial)) {
    const k = keyOf(node);
    if (!(k in graph)) continue;
    const edges = vertices(graph[k]);
    if (edges.length === 0) out.push([node]);
    for (const n of edges) pathsFrom(graph, n, [node], out, new Set([k]));
  }
  return toSortedSet(out);
}

/** [path, value] for x and everything inside it, parents first, keys in order. */
function walk(x: Value, path: Value[], out: Value[]): void {
  out.push([path, x]);
  if (Array.isArray(x)) x.forEach((v, i) => walk(v, [...path, i], out));
  else if (x !== null && typeof x === 'object') {
    const o = x as JsonObject;
    for (const k of Object.keys(o).sort(compareStrings)) walk(o[k], [...path, k], out);
  }
}

export const GRAPH_BUILTINS: HostFamily = {
  'graph.reachable': reachable,
  'graph.reachable_paths': reachablePaths,
  walk: ([x]) => {
    const out: Value[] = [];
    walk(x, [], out);
    return out;
  },
};
