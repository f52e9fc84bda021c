/** `npm run docs:builtins`: rewrites the generated builtin and feature tables in libs/rego/README.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { updateReadme } from './docs';
import { updateFeatureDocs } from '../features-docs';

const readmePath = resolve(process.cwd(), 'libs/rego/README.md');
const before = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '# libs/rego\n';
const after = updateFeatureDocs(updateReadme(before));
if (after !== before) writeFileSync(readmePath, after);
process.stdout.write(`${after === before ? 'unchanged' : 'updated'}: ${readmePath}\n`);
