import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LANGUAGE_FEATURES } from './features';
import { FEATURES_BEGIN, FEATURES_END, renderFeatureDocs } from './features-docs';

const LIB = resolve(__dirname, '..');
const CORPUS = resolve(LIB, '../../../shared/conformance/opa-v1');

describe('language feature table', () => {
  it('README carries the current table (run `npm run docs:builtins` after editing features.ts)', () => {
    const readme = readFileSync(join(LIB, 'README.md'), 'utf8');
    const start = readme.indexOf(FEATURES_BEGIN);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(readme.slice(start, readme.indexOf(FEATURES_END) + FEATURES_END.length)).toBe(renderFeatureDocs());
  });

  it('names spec files that exist', () => {
    for (const f of LANGUAGE_FEATURES) for (const s of f.specs) expect(existsSync(join(LIB, s)) ? s : `missing ${s}`).toBe(s);
  });

  (existsSync(CORPUS) ? it : it.skip)('names conformance categories that exist', () => {
    for (const f of LANGUAGE_FEATURES) for (const c of f.categories) expect(existsSync(join(CORPUS, c)) ? c : `missing ${c}`).toBe(c);
  });
});
