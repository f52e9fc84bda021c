/**
 * Modules: the statement loop (package, imports, rules), keyword imports, and
 * recovery. A statement that fails is skipped up to the next line that starts
 * outside any brackets it opened, so one pass reports errors in several rules.
 */
import type { Location } from '../diagnostics';
import { valueName, type Import, type Module, type Package, type RefTerm, type RegoVersion, type Rule, type Term } from './ast';
import { refOf } from './build';
import { lex } from './lexer';
import { parseRule } from './parser-rules';
import { ParseBail, ParserState } from './parser-state';
import { parseWordRef } from './parser-terms';
import { BASE_KEYWORDS, FUTURE_KEYWORDS } from './tokens';
import type { Diagnostic } from '../diagnostics';

export interface ModuleParse {
  readonly module?: Module;
  readonly diagnostics: Diagnostic[];
}

interface ModuleParts {
  pkg?: Package;
  readonly imports: Import[];
  readonly rules: Rule[];
  version: RegoVersion;
  statements: number;
}

export function parseModuleSource(file: string, source: string, regoVersion: RegoVersion): ModuleParse {
  const { tokens, comments, diagnostics } = lex(source, file);
  const p = new ParserState(tokens, file, regoVersion);
  p.diagnostics.push(...diagnostics);
  const parts: ModuleParts = { imports: [], rules: [], version: regoVersion, statements: 0 };
  while (p.kind() !== 'eof') {
    const start = p.pos;
    try {
      statement(p, parts);
    } catch (e) {
      if (!(e instanceof ParseBail)) throw e;
      recover(p, start);
    }
    parts.statements++;
  }
  if (parts.statements === 0) p.error('empty module', { file, row: 1, col: 1, offset: 0, length: 0 });
  const sorted = p.diagnostics.slice().sort((a, b) => (a.location.offset ?? 0) - (b.location.offset ?? 0));
  if (!parts.pkg) return { diagnostics: sorted };
  const { pkg, imports, rules, version } = parts;
  const module: Module = { kind: 'module', file, package: pkg, imports, rules, comments, regoVersion: version };
  return { module, diagnostics: sorted };
}

function statement(p: ParserState, parts: ModuleParts): void {
  const first = parts.statements === 0;
  if (p.at('package') && !p.refFollows()) {
    const pkg = parsePackage(p);
    if (first) parts.pkg = pkg;
    else p.error('unexpected package', pkg.loc);
    return;
  }
  if (first) p.error('package expected', p.tok);
  if (p.at('import') && !p.refFollows()) {
    const imp = parseImport(p);
    parts.imports.push(imp);
    applyKeywordImport(p, imp, parts);
    return;
  }
  parts.rules.push(...parseRule(p, parts.pkg?.path ?? []));
}

/** `package a.b["c-d"]` → ["a", "b", "c-d"]. */
function parsePackage(p: ParserState): Package {
  const start = p.advance();
  const term = parseWordRef(p);
  const path: string[] = [];
  if (term.kind === 'var') path.push(term.name);
  else if (term.kind === 'ref' && term.head.kind === 'var') {
    path.push(term.head.name);
    for (const t of term.path) {
      if (t.kind !== 'string') p.fail(`unexpected ${valueName(t)} token: expecting string`, t.loc);
      path.push(t.value);
    }
  } else p.fail(`unexpected ${valueName(term)} token: expecting var`, term.loc);
  return { kind: 'package', path, loc: p.loc(start) };
}

const IMPORT_ROOTS = new Set(['data', 'input', 'future', 'rego']);

function parseImport(p: ParserState): Import {
  const start = p.advance();
  const term = parseWordRef(p);
  const path = importPath(p, term);
  const root = (path.head as { name: string }).name;
  if (!IMPORT_ROOTS.has(root)) {
    p.fail(`unexpected import path, must begin with one of: {data, future, input, rego}, got: ${root}`, path.loc);
  }
  let alias: string | undefined;
  if (p.at('as') && !p.refFollows()) {
    p.advance();
    const t = p.tok;
    if (t.kind !== 'ident' || p.keyword(t)) p.unexpected('expected var');
    alias = p.advance().text;
  } else if (root === 'data' || root === 'input') {
    checkImportTail(p, path);
  }
  const imp: Import = { kind: 'import', path, loc: p.loc(start) };
  return alias === undefined ? imp : { ...imp, alias };
}

/** Import paths are a var followed by strings only. */
function importPath(p: ParserState, term: Term): RefTerm {
  if (term.kind === 'var') return refOf(term);
  if (term.kind !== 'ref' || term.head.kind !== 'var') return p.fail(`unexpected ${valueName(term)} token: expecting var`, term.loc);
  for (const t of term.path) {
    if (t.kind !== 'string') p.fail(`unexpected ${valueName(t)} token: expecting string`, t.loc);
  }
  return term;
}

/** `import data.x.if` would bind a keyword as a name. */
function checkImportTail(p: ParserState, path: RefTerm): void {
  const last = path.path.length > 0 ? path.path[path.path.length - 1] : path.head;
  const name = last.kind === 'string' ? last.value : last.kind === 'var' ? last.name : '';
  const keyword = BASE_KEYWORDS.has(name) || (p.v1Rules && FUTURE_KEYWORDS.includes(name));
  if (keyword) {
    p.error(`unexpected import path, must not end with a keyword, got: ${name} (hint: import a different path or use an alias)`, last.loc);
  }
}

function stringPath(path: RefTerm): string[] {
  return path.path.map((t) => (t.kind === 'string' ? t.value : ''));
}

/** `future.keywords[.kw]` and `rego.v1` switch keywords on (no-ops in v1 modules). */
function applyKeywordImport(p: ParserState, imp: Import, parts: ModuleParts): void {
  const root = (imp.path.head as { name: string }).name;
  const rest = stringPath(imp.path);
  if (root === 'future') return futureImport(p, imp, rest);
  if (root !== 'rego') return;
  const loc = imp.path.loc;
  if (rest.length !== 1 || rest[0] !== 'v1') {
    return p.error(`invalid import \`${['rego', ...rest].join('.')}\`, must be \`rego.v1\``, loc);
  }
  if (imp.alias !== undefined) return p.error('`rego` imports cannot be aliased', loc);
  for (const k of FUTURE_KEYWORDS) p.future.add(k);
  p.v1Rules = true;
  parts.version = 1;
}

function futureImport(p: ParserState, imp: Import, rest: string[]): void {
  const loc: Location = imp.path.loc;
  if (rest[0] !== 'keywords') return p.error('invalid import, must be `future.keywords`', loc);
  if (imp.alias !== undefined) return p.error('`future` imports cannot be aliased', loc);
  if (rest.length > 2) return p.error('invalid import, must be `future.keywords.x`, e.g. `import future.keywords.in`', loc);
  const wanted = rest.length === 2 ? [rest[1]] : FUTURE_KEYWORDS;
  if (!FUTURE_KEYWORDS.includes(wanted[0])) {
    return p.error(`unexpected keyword, must be one of [${FUTURE_KEYWORDS.join(' ')}]`, loc);
  }
  for (const k of wanted) p.future.add(k);
  // `every x in xs` needs `in` too.
  if (wanted.includes('every')) p.future.add('in');
}

/**
 * After a failed statement that began at token index `start`: resume at the
 * first line start after the error that is outside the brackets the statement
 * opened; failing that (unbalanced input), at the first line start indented no
 * deeper than the statement; failing that, at the end.
 */
function recover(p: ParserState, start: number): void {
  p.resetDepth();
  const errorAt = p.pos;
  const startCol = p.tokens[start].col;
  let depth = 0;
  let fallback = -1;
  for (let i = start; i < p.tokens.length; i++) {
    const t = p.tokens[i];
    if (t.kind === 'eof') break;
    if (i > start && i >= errorAt && t.newline) {
      if (depth <= 0) return void (p.pos = i);
      if (fallback < 0 && t.col <= startCol) fallback = i;
    }
    if (t.kind === '(' || t.kind === '[' || t.kind === '{') depth++;
    else if (t.kind === ')' || t.kind === ']' || t.kind === '}') depth--;
  }
  p.pos = fallback >= 0 ? fallback : p.tokens.length - 1;
}
