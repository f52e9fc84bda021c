/**
 * The small type language of builtin declarations: what the type checker needs to
 * check builtin calls, and what the README table prints. It mirrors the shapes OPA's
 * capabilities use (static/dynamic arrays and objects, sets, "any of these").
 */

/**
 * `any` without members is the top type (any value); with members it means "any of these"
 * (a union), as in OPA's type system and in check/builtin-api.ts.
 */
export interface AnyType {
  readonly kind: 'any';
  readonly of?: readonly RegoType[];
}

export interface ScalarType {
  readonly kind: 'null' | 'boolean' | 'number' | 'string';
}

/** An array: a fixed prefix of typed positions (`static`) and/or a type for all other elements (`dynamic`). */
export interface ArrayType {
  readonly kind: 'array';
  readonly static: readonly RegoType[];
  readonly dynamic?: RegoType;
}

export interface SetType {
  readonly kind: 'set';
  readonly of: RegoType;
}

export interface ObjectField {
  readonly key: string;
  readonly value: RegoType;
}

/** An object: known keys (`static`) and/or a key/value type for all other keys (`dynamic`). */
export interface ObjectType {
  readonly kind: 'object';
  readonly static: readonly ObjectField[];
  readonly dynamic?: { readonly key: RegoType; readonly value: RegoType };
}

export type RegoType = AnyType | ScalarType | ArrayType | SetType | ObjectType;

// Constructors, short because the registry table is written with them.
export const T_ANY: AnyType = { kind: 'any' };
export const T_NULL: ScalarType = { kind: 'null' };
export const T_BOOL: ScalarType = { kind: 'boolean' };
export const T_NUM: ScalarType = { kind: 'number' };
export const T_STR: ScalarType = { kind: 'string' };

/** `array<of>`: any length, every element of type `of`. */
export function arrayOf(of: RegoType): ArrayType {
  return { kind: 'array', static: [], dynamic: of };
}

/** `[a, b, ...]`: exactly these positions. */
export function tuple(...items: RegoType[]): ArrayType {
  return { kind: 'array', static: items };
}

export function setOf(of: RegoType): SetType {
  return { kind: 'set', of };
}

/** `object<key, value>`: any keys of type `key`, values of type `value`. */
export function objectOf(key: RegoType, value: RegoType): ObjectType {
  return { kind: 'object', static: [], dynamic: { key, value } };
}

/** An object with known fields and optionally any further keys. */
export function objectWith(fields: Readonly<Record<string, RegoType>>, rest?: { key: RegoType; value: RegoType }): ObjectType {
  const keys = Object.keys(fields).sort();
  return { kind: 'object', static: keys.map((key) => ({ key, value: fields[key] })), dynamic: rest };
}

/** "Any of these". A union of one type is that type. */
export function anyOf(...of: RegoType[]): RegoType {
  return of.length === 1 ? of[0] : { kind: 'any', of };
}

/** `array<any>`, `set<any>` and `object<any, any>`: the common "any collection" shapes. */
export const T_ARRAY_ANY = arrayOf(T_ANY);
export const T_SET_ANY = setOf(T_ANY);
export const T_OBJECT_ANY = objectOf(T_ANY, T_ANY);

/**
 * Prints a type in the notation of the README and of type-error messages:
 * `any`, `string`, `array<number>`, `[number, string]`, `set<any>`, `object<string, any>`,
 * `{indent: string, ...object<string, any>}`, `number | set<any>`.
 */
export function formatType(t: RegoType): string {
  switch (t.kind) {
    case 'any':
      return t.of ? t.of.map((m) => (m.kind === 'any' && m.of ? `(${formatType(m)})` : formatType(m))).join(' | ') : 'any';
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return t.kind;
    case 'set':
      return `set<${formatType(t.of)}>`;
    case 'array':
      return formatArray(t);
    case 'object':
      return formatObject(t);
  }
}

function formatArray(t: ArrayType): string {
  if (t.static.length === 0) return `array<${t.dynamic ? formatType(t.dynamic) : 'any'}>`;
  const items = t.static.map(formatType);
  if (t.dynamic) items.push(`...array<${formatType(t.dynamic)}>`);
  return `[${items.join(', ')}]`;
}

function formatObject(t: ObjectType): string {
  const dyn = t.dynamic ? `object<${formatType(t.dynamic.key)}, ${formatType(t.dynamic.value)}>` : undefined;
  if (t.static.length === 0) return dyn ?? 'object<any, any>';
  const items = t.static.map((f) => `${f.key}: ${formatType(f.value)}`);
  if (dyn) items.push(`...${dyn}`);
  return `{${items.join(', ')}}`;
}

/** True when values of type `t` may be sets (used to know when a host result array must become a set). */
export function mayBeSet(t: RegoType): boolean {
  if (t.kind === 'set') return true;
  return t.kind === 'any' && (t.of === undefined || t.of.some(mayBeSet));
}
