/**
 * Masks configured input fields before a decision leaves the agent (passwords, tokens,
 * personal data). Paths are dot-separated from `input` (`input.password`,
 * `input.attributes.request.http.headers.authorization`); a masked value becomes "**masked**".
 *
 * The caller's input is never modified, and it is not deep-cloned either: only the objects
 * on a masked path are copied (shallowly), everything else is shared with the original. The
 * result is only serialized, never mutated, so sharing is safe; an input without the masked
 * fields is returned as it is.
 */
export const MASKED = '**masked**';

export type Masker = (input: unknown) => unknown;

type Node = Record<string, unknown> | unknown[];

const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object';

function shallowCopy(n: Node): Node {
  return Array.isArray(n) ? n.slice() : { ...n };
}

/** `root` with the value at `path` replaced by MASKED, copying only the objects on the path; `root` itself when the path is absent. */
function maskPath(root: Node, path: readonly string[], copied: Set<Node>): Node {
  // Find the path first: nothing is copied for an input that does not have it.
  const chain: Node[] = [root];
  for (let i = 0; i < path.length - 1; i++) {
    const next = (chain[i] as Record<string, unknown>)[path[i]];
    if (!isNode(next) || !Object.prototype.hasOwnProperty.call(chain[i], path[i])) return root;
    chain.push(next);
  }
  const last = path[path.length - 1];
  if (!Object.prototype.hasOwnProperty.call(chain[chain.length - 1], last)) return root;
  // Copy from the root down (objects already copied for an earlier path are edited in place).
  let parent: Node | null = null;
  let top = root;
  for (let i = 0; i < chain.length; i++) {
    let node: Node = i === 0 ? root : ((parent as Record<string, unknown>)[path[i - 1]] as Node);
    if (!copied.has(node)) {
      node = shallowCopy(node);
      copied.add(node);
      if (parent) (parent as Record<string, unknown>)[path[i - 1]] = node;
      else top = node;
    }
    parent = node;
  }
  (parent as Record<string, unknown>)[last] = MASKED;
  return top;
}

export function masker(paths: readonly string[]): Masker {
  const compiled = paths.map((p) => p.replace(/^input\./, '').split('.')).filter((p) => p.length > 0 && p[0] !== '');
  if (compiled.length === 0) return (input) => input;
  return (input) => {
    if (!isNode(input)) return input;
    const copied = new Set<Node>();
    let out: Node = input;
    for (const path of compiled) out = maskPath(out, path, copied);
    return out;
  };
}
