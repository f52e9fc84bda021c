/**
 * The checked-in skip list: `skips.tsv` beside this file, one `note<TAB>reason` per
 * line. A case is skipped only when it is listed there with a reason.
 */
import { existsSync, readFileSync } from 'node:fs';

export function loadSkips(file: string): Map<string, string> {
  const skips = new Map<string, string>();
  if (!existsSync(file)) return skips;
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    const note = tab < 0 ? line.trim() : line.slice(0, tab).trim();
    const reason = tab < 0 ? '' : line.slice(tab + 1).trim();
    if (reason === '') throw new Error(`${file}:${i + 1}: skipped case "${note}" has no reason`);
    skips.set(note, reason);
  }
  return skips;
}
