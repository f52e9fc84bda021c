/**
 * Masks configured input fields before a decision leaves the agent (passwords, tokens,
 * personal data). Paths are dot-separated from `input` (`input.password`,
 * `input.attributes.request.http.headers.authorization`); a masked value becomes "**masked**".
 */
export const MASKED = '**masked**';

export type Masker = (input: unknown) => unknown;

export function masker(paths: readonly string[]): Masker {
  const compiled = paths.map((p) => p.replace(/^input\./, '').split('.')).filter((p) => p.length > 0 && p[0] !== '');
  if (compiled.length === 0) return (input) => input;
  return (input) => {
    if (!input || typeof input !== 'object') return input;
    const copy = structuredClone(input) as Record<string, unknown>;
    for (const path of compiled) {
      let node: unknown = copy;
      for (let i = 0; i < path.length - 1 && node && typeof node === 'object'; i++) node = (node as Record<string, unknown>)[path[i]];
      const last = path[path.length - 1];
      if (node && typeof node === 'object' && last in (node as object)) (node as Record<string, unknown>)[last] = MASKED;
    }
    return copy;
  };
}
