/**
 * The one diagnostic type of the Rego toolchain (STYLE.md 7): every stage reports
 * problems as `Diagnostic`s carrying a stable code and a source location, and
 * collects them instead of throwing at the first.
 */

/** A position in a source file. Rows and columns are 1-based; `offset` is 0-based in UTF-16 units. */
export interface Location {
  readonly file: string;
  readonly row: number;
  readonly col: number;
  readonly offset?: number;
  /** Length of the located text in UTF-16 units, when known (for editor squiggles). */
  readonly length?: number;
}

/** Stable diagnostic codes. Compile-time codes follow OPA's names so users can search them. */
export type DiagnosticCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'rego_type_error'
  | 'rego_conflict_error' // reserved; OPA reports rule conflicts as rego_type_error / rego_compile_error
  | 'rego_unsupported_builtin_error'
  | 'eval_conflict_error'
  | 'eval_builtin_error'
  | 'eval_type_error'
  | 'internal_error';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly location: Location;
  readonly severity?: Severity;
}

/** Builds a diagnostic; severity defaults to error. */
export function diagnostic(code: DiagnosticCode, message: string, location: Location, severity: Severity = 'error'): Diagnostic {
  return { code, message, location, severity };
}

/** Thrown by the public API when compilation produced errors. Carries every diagnostic, not only the first. */
export class RegoCompileError extends Error {
  readonly code = 'REGO_COMPILE_ERROR';
  constructor(readonly diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>) {
    super(formatDiagnostics(diagnostics, sources));
    this.name = 'RegoCompileError';
  }
}

/** Thrown for bugs in the toolchain itself: an `invariant` that does not hold. */
export class RegoInternalError extends Error {
  readonly code = 'REGO_INTERNAL_ERROR';
  constructor(message: string) {
    super(`internal error (this is a bug in the Rego toolchain): ${message}`);
    this.name = 'RegoInternalError';
  }
}

/** Asserts a condition that only a bug can break. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new RegoInternalError(message);
}

/** `file:row:col: code: message`, followed by the source line and a caret when the source is known. */
export function formatDiagnostic(d: Diagnostic, sources?: ReadonlyMap<string, string>): string {
  const { file, row, col } = d.location;
  let text = `${file}:${row}:${col}: ${d.code}: ${d.message}`;
  const source = sources?.get(file);
  if (source !== undefined) {
    const line = source.split('\n')[row - 1];
    if (line !== undefined) {
      text += `\n\t${line.replace(/\t/g, ' ')}\n\t${' '.repeat(Math.max(0, col - 1))}^`;
    }
  }
  return text;
}

export function formatDiagnostics(ds: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): string {
  const n = ds.length;
  const head = n === 1 ? '1 error occurred' : `${n} errors occurred`;
  return `${head}:\n${ds.map((d) => formatDiagnostic(d, sources)).join('\n')}`;
}

/** Collects diagnostics across stages. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];
  add(d: Diagnostic): void {
    this.items.push(d);
  }
  error(code: DiagnosticCode, message: string, location: Location): void {
    this.items.push(diagnostic(code, message, location));
  }
  get all(): readonly Diagnostic[] {
    return this.items;
  }
  get errors(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity !== 'warning');
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity !== 'warning');
  }
  /** Sorted by file, row, col for stable output. */
  sorted(): Diagnostic[] {
    return [...this.items].sort(
      (a, b) =>
        a.location.file.localeCompare(b.location.file) || a.location.row - b.location.row || a.location.col - b.location.col,
    );
  }
}
