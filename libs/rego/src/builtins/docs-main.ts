/** `npm run docs:builtins`: rewrites the generated builtin table in libs/rego/README.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { updateReadme } from './docs';

const readmePath = resolve(process.cwd(), 'libs/rego/README.md');
const before = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '# libs/rego\n';
const after = updateReadme(before);
if (after !== before) writeFileSync(readmePath, after);
process.stdout.write(`${after === before ? 'unchanged' : 'updated'}: ${readmePath}\n`);
