/**
 * A unified diff of two texts by lines (longest common subsequence, then hunks with three
 * lines of context), for comparing policy versions.
 */
type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string; readonly a: number; readonly b: number };

const CONTEXT = 3;

export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string): string {
  const ops = diffLines(splitLines(before), splitLines(after));
  if (ops.every((o) => o.kind === ' ')) return '';
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  for (const hunk of hunks(ops)) {
    const first = hunk[0];
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aLen ? first.a + 1 : first.a},${aLen} +${bLen ? first.b + 1 : first.b},${bLen} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
  }
  return `${out.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Edit script via an LCS table: O(n·m), fine for policy files of a few thousand lines. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', line: a[i++], a: i - 1, b: j++ });
    // Deletions before additions, as diff(1) prints them.
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: '-', line: a[i++], a: i - 1, b: j });
    else ops.push({ kind: '+', line: b[j++], a: i, b: j - 1 });
  }
  return ops;
}

/** Groups changes with their context; nearby changes share a hunk. */
function hunks(ops: readonly Op[]): Op[][] {
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  const groups: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const k of changed) {
    if (start >= 0 && k - CONTEXT <= end + CONTEXT) {
      end = k;
      continue;
    }
    if (start >= 0) groups.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
    start = k;
    end = k;
  }
  if (start >= 0) groups.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
  return groups;
}
