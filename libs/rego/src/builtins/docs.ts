/**
 * The builtin table of libs/rego/README.md, generated from the registry so that it
 * cannot drift (`npm run docs:builtins` rewrites the block between the markers; a spec
 * fails when the README is stale).
 */
import type { BuiltinDef, BuiltinImpl } from './decl';
import { BUILTINS } from './registry';
import { formatType } from './types';

export const DOCS_BEGIN = '<!-- BEGIN GENERATED: builtins (npm run docs:builtins; edit src/builtins/decls-*.ts instead) -->';
export const DOCS_END = '<!-- END GENERATED: builtins -->';

const IMPL_TEXT: Readonly<Record<BuiltinImpl, string>> = {
  native: 'native',
  host: 'host',
  compiler: 'compiler',
  unsupported: 'unsupported',
};

const cell = (s: string) => s.replace(/\|/g, '\\|');

function signature(b: BuiltinDef): string {
  const args = b.variadic ? `...${formatType(b.variadic)}` : b.args.map(formatType).join(', ');
  return `(${args})${b.result ? ` → ${formatType(b.result)}` : ''}`;
}

function notes(b: BuiltinDef): string {
  const out: string[] = [];
  if (b.deprecated) out.push('deprecated (error in v1)');
  if (!b.deterministic) out.push('nondeterministic');
  if (b.relation) out.push('relation');
  if (b.infix) out.push(`\`${b.infix}\``);
  if (b.hostName) out.push(`\`${b.hostName}\``);
  if (b.exactValues) out.push('exact values (sets, big numbers)');
  return out.join(', ');
}

/** The generated block, markers included. */
export function renderBuiltinDocs(): string {
  const count = (impl: BuiltinImpl) => BUILTINS.filter((b) => b.impl === impl).length;
  const lines = [
    DOCS_BEGIN,
    '',
    `${BUILTINS.length} builtins: ${count('native')} native (wasm runtime), ${count('host')} host (TypeScript, \`src/host/\`), ` +
      `${count('compiler')} handled by the compiler, ${count('unsupported')} unsupported (\`rego_unsupported_builtin_error\`).`,
    'Host builtins are registered with the SDK under the name in the notes; results declared as sets come back as arrays.',
    '',
    '| builtin | signature | where | notes |',
    '| --- | --- | --- | --- |',
  ];
  const categories = [...new Set(BUILTINS.map((b) => b.category))].sort();
  for (const category of categories) {
    for (const b of BUILTINS.filter((x) => x.category === category)) {
      lines.push(`| \`${b.name}\` (${category}) | ${cell(signature(b))} | ${IMPL_TEXT[b.impl]} | ${cell(notes(b))} |`);
    }
  }
  lines.push('', DOCS_END);
  return lines.join('\n');
}

/** README text with the generated block replaced (or appended under a heading when absent). */
export function updateReadme(readme: string): string {
  const block = renderBuiltinDocs();
  const start = readme.indexOf(DOCS_BEGIN);
  const end = readme.indexOf(DOCS_END);
  if (start >= 0 && end > start) return readme.slice(0, start) + block + readme.slice(end + DOCS_END.length);
  const sep = readme === '' || readme.endsWith('\n\n') ? '' : readme.endsWith('\n') ? '\n' : '\n\n';
  return `${readme}${sep}## Builtins\n\n${block}\n`;
}
