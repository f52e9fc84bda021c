/**
 * Bulk import: parse JSON or CSV into rows and validate each row before anything is sent,
 * so every problem is reported against the line the user wrote. Rules mirror the API's
 * (apps/control-plane/src/role-bindings/dto, data/data-path), which checks again.
 */
export interface RowResult<T> {
  /** 1-based line (CSV) or index + 1 (JSON array). */
  readonly row: number;
  readonly value: T | null;
  readonly errors: string[];
}

export interface BindingRow {
  subject: string;
  role: string;
  scope?: string;
  expiresAt?: string;
}

/** RFC 4180 CSV: quoted fields with "" escapes and embedded commas/newlines. Returns rows with their starting line. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

// The API's rule: no whitespace or control characters.
// eslint-disable-next-line no-control-regex
const NAME = /^[^\s\u0000-\u001f]+$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function validateBinding(raw: Record<string, unknown>): { value: BindingRow | null; errors: string[] } {
  const errors: string[] = [];
  const str = (k: string) => (raw[k] === undefined || raw[k] === null || raw[k] === '' ? undefined : raw[k]);
  const field = (k: 'subject' | 'role' | 'scope', max: number, required: boolean): string | undefined => {
    const v = str(k);
    if (v === undefined) {
      if (required) errors.push(`${k} is required`);
      return undefined;
    }
    if (typeof v !== 'string') errors.push(`${k} must be a string`);
    else if (v.length > max) errors.push(`${k} must be at most ${max} characters`);
    else if (!NAME.test(v)) errors.push(`${k} must contain no whitespace or control characters`);
    else return v;
    return undefined;
  };
  const subject = field('subject', 256, true);
  const role = field('role', 128, true);
  const scope = field('scope', 256, false);
  const exp = str('expiresAt');
  let expiresAt: string | undefined;
  if (exp !== undefined) {
    if (typeof exp !== 'string' || !ISO.test(exp) || Number.isNaN(Date.parse(exp))) errors.push('expiresAt must be an ISO 8601 date-time with a zone, e.g. 2030-01-01T00:00:00Z');
    else expiresAt = exp;
  }
  const unknown = Object.keys(raw).filter((k) => !['subject', 'role', 'scope', 'expiresAt'].includes(k));
  if (unknown.length) errors.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  if (errors.length || !subject || !role) return { value: null, errors };
  return { value: { subject, role, ...(scope ? { scope } : {}), ...(expiresAt ? { expiresAt } : {}) }, errors };
}

/** Role bindings from JSON (an array of objects) or CSV (header row naming the columns). */
export function parseBindings(text: string): { rows: RowResult<BindingRow>[]; error: string | null } {
  const trimmed = text.trim();
  if (!trimmed) return { rows: [], error: 'Nothing to import.' };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      return { rows: [], error: `Not valid JSON: ${(e as Error).message}` };
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { bindings?: unknown }).bindings;
    if (!Array.isArray(list)) return { rows: [], error: 'JSON must be an array of bindings (or {"bindings": [...]}).' };
    return {
      rows: list.map((item, i) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) return { row: i + 1, value: null, errors: ['must be an object'] };
        return { row: i + 1, ...validateBinding(item as Record<string, unknown>) };
      }),
      error: null,
    };
  }
  const [header, ...body] = parseCsv(trimmed);
  const columns = header.cells.map((c) => c.trim());
  const known = ['subject', 'role', 'scope', 'expiresAt'];
  const bad = columns.filter((c) => !known.includes(c));
  if (!columns.includes('subject') || !columns.includes('role') || bad.length) {
    return { rows: [], error: `The CSV header must name columns from ${known.join(', ')} (subject and role required)${bad.length ? `; unknown: ${bad.join(', ')}` : ''}.` };
  }
  return {
    rows: body.map(({ line, cells }) => {
      if (cells.length !== columns.length) return { row: line, value: null, errors: [`has ${cells.length} fields, the header has ${columns.length}`] };
      const raw = Object.fromEntries(columns.map((c, i) => [c, cells[i].trim()]));
      return { row: line, ...validateBinding(raw) };
    }),
    error: null,
  };
}

/** Data documents from JSON: `{ "path": value, ... }` or `[{ "path": ..., "value": ... }]`. */
export function parseDataDocuments(text: string): { rows: RowResult<{ path: string; value: unknown }>[]; error: string | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { rows: [], error: `Not valid JSON: ${(e as Error).message}` };
  }
  const entries: [unknown, unknown][] = Array.isArray(parsed)
    ? parsed.map((d) => (d && typeof d === 'object' ? [(d as { path?: unknown }).path, (d as { value?: unknown }).value] : [undefined, undefined]))
    : parsed && typeof parsed === 'object'
      ? Object.entries(parsed)
      : [];
  if (entries.length === 0) return { rows: [], error: 'Give an object of path → document, or an array of {"path", "value"}.' };
  return {
    rows: entries.map(([path, value], i) => {
      const errors: string[] = [];
      const pathError = typeof path === 'string' ? dataPathError(path) : 'path must be a string';
      if (pathError) errors.push(pathError);
      if (value === undefined) errors.push('value is missing');
      else if (value === null) errors.push('value cannot be null (delete the document instead)');
      return { row: i + 1, value: errors.length ? null : { path: (path as string).replace(/^\/+|\/+$/g, ''), value }, errors };
    }),
    error: null,
  };
}

/**
 * Maps the API's `fields: [{ field: "bindings.3.subject" }]` (or `documents.3.path`, with
 * `list` "documents") back to 0-based indexes of what was sent.
 */
export function serverRowErrors(details: unknown, list: 'bindings' | 'documents' = 'bindings'): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const fields = (details as { fields?: { field: string; problems: string[] }[] } | undefined)?.fields ?? [];
  const pattern = new RegExp(`^${list}\\.(\\d+)\\.?(.*)$`);
  for (const f of fields) {
    const m = pattern.exec(f.field);
    if (!m) continue;
    const row = Number(m[1]);
    out.set(row, [...(out.get(row) ?? []), ...f.problems]);
  }
  return out;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

/** Why a data path would be refused (the API's rules), or null. */
export function dataPathError(path: string): string | null {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0) return 'path is empty';
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) return `path segment ${JSON.stringify(bad)} may contain only letters, digits, "_", "-" and "."`;
  if (segments[0] === 'vigil') return 'data.vigil is filled by the control plane itself';
  if (segments.length > 32) return 'path has more than 32 segments';
  return null;
}
