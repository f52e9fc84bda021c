/** The feature table of libs/rego/README.md, generated from LANGUAGE_FEATURES (see features.ts). */
import { LANGUAGE_FEATURES } from './features';

export const FEATURES_BEGIN = '<!-- BEGIN GENERATED: features (npm run docs:builtins; edit src/features.ts instead) -->';
export const FEATURES_END = '<!-- END GENERATED: features -->';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderFeatureDocs(): string {
  const lines = [
    FEATURES_BEGIN,
    '',
    'Every category listed passes in full in `npm run conformance`; the conformance spec fails otherwise.',
    '',
    '| feature | example | OPA conformance categories | our specs | notes |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const f of LANGUAGE_FEATURES) {
    const cats = f.categories.map((c) => `\`${c}\``).join(', ');
    const specs = f.specs.map((s) => `\`${s}\``).join(', ');
    lines.push(`| ${cell(f.feature)} | \`${cell(f.example)}\` | ${cats} | ${specs} | ${cell(f.notes ?? '')} |`);
  }
  lines.push('', FEATURES_END);
  return lines.join('\n');
}

/** README text with the feature block replaced (or inserted before the builtins heading). */
export function updateFeatureDocs(readme: string): string {
  const block = renderFeatureDocs();
  const start = readme.indexOf(FEATURES_BEGIN);
  const end = readme.indexOf(FEATURES_END);
  if (start >= 0 && end > start) return readme.slice(0, start) + block + readme.slice(end + FEATURES_END.length);
  const at = readme.indexOf('## Builtins');
  const section = `## Language features\n\n${block}\n\n`;
  return at >= 0 ? readme.slice(0, at) + section + readme.slice(at) : `${readme}\n${section}`;
}
