/**
 * Turns a playground run into a `test_*` rule: the entrypoint's current result, expected
 * again for the same input. Appended to a test module of the entrypoint's package.
 */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `authz/allow` → `data.authz.allow`; segments that are not identifiers use brackets. */
export function entrypointRef(entrypoint: string): string {
  const parts = entrypoint.replace(/^data[./]/, '').split(/[/.]/).filter(Boolean);
  return 'data' + parts.map((p) => (IDENT.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}

/** The package an entrypoint's rule lives in (`authz/allow` → `authz`). */
export function entrypointPackage(entrypoint: string): string {
  const parts = entrypoint.replace(/^data[./]/, '').split(/[/.]/).filter(Boolean);
  return parts.slice(0, -1).join('.') || parts[0];
}

/** A name usable after `test_`: lower-case words joined by `_`. */
export function testName(text: string): string {
  const name = text.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return name || 'case';
}

export function testRule(name: string, entrypoint: string, input: unknown, expected: unknown): string {
  const value = expected === undefined ? `not ${entrypointRef(entrypoint)}` : `${entrypointRef(entrypoint)} == ${JSON.stringify(expected)}`;
  return `test_${testName(name)} if {\n\t${value} with input as ${JSON.stringify(input)}\n}\n`;
}

/** The test module's id and the text to publish: the existing module with the rule appended, or a new one. */
export function testModule(entrypoint: string, existing: string | null, rule: string): { id: string; source: string } {
  const pkg = entrypointPackage(entrypoint);
  const id = `${pkg.replace(/_/g, '-')}-test`.replace(/[^a-z0-9._-]/g, '-');
  const source = existing !== null ? `${existing.replace(/\s*$/, '')}\n\n${rule}` : `package ${pkg}_test\n\n${rule}`;
  return { id, source };
}
