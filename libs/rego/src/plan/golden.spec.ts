/**
 * Golden tests (STYLE.md 12): each `__fixtures__/*.rego` goes through the real parser and checker,
 * is planned, and its printed IR is compared with the `.ir` file beside it. Header comments choose
 * the entrypoints and query (see spec-util.ts). `UPDATE_GOLDEN=1 npx jest libs/rego/src/plan/golden`
 * rewrites the goldens; read every diff before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { fixtureOptions, printRego } from './spec-util';

const DIR = join(__dirname, '__fixtures__');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.rego')).sort();

describe('planner goldens', () => {
  it('has a fixture per construct', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  it.each(fixtures)('%s', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    const golden = join(DIR, name.replace(/\.rego$/, '.ir'));
    const actual = printRego({ [name]: source }, fixtureOptions(source));
    if (UPDATE) writeFileSync(golden, actual);
    else if (!existsSync(golden)) throw new Error(`missing golden ${golden}; run with UPDATE_GOLDEN=1`);
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  });
});
