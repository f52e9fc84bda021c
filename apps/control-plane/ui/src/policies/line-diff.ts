/**
 * Line diff for "what will publishing change": the longest common subsequence of lines,
 * trimmed of the common head and tail first so typical edits to large files stay cheap.
 * Beyond MAX_CELLS the middle is shown as a plain replacement rather than freezing the tab.
 */
export type DiffLine = { readonly kind: 'same' | 'add' | 'del'; readonly text: string; readonly oldNo?: number; readonly newNo?: number };

const MAX_CELLS = 4_000_000;

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: 'same', text: a[i], oldNo: i + 1, newNo: i + 1 });
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  out.push(...middle(am, bm, head));
  for (let i = tail; i > 0; i--) out.push({ kind: 'same', text: a[a.length - i], oldNo: a.length - i + 1, newNo: b.length - i + 1 });
  return out;
}

function middle(a: string[], b: string[], offset: number): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    return [...a.map((text, i) => ({ kind: 'del' as const, text, oldNo: offset + i + 1 })), ...b.map((text, j) => ({ kind: 'add' as const, text, newNo: offset + j + 1 }))];
  }
  // lcs[i][j]: LCS length of a[i..] and b[j..], in one flat array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i], oldNo: offset + i + 1, newNo: offset + j + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
      out.push({ kind: 'del', text: a[i], oldNo: offset + i + 1 });
      i++;
    } else {
      out.push({ kind: 'add', text: b[j], newNo: offset + j + 1 });
      j++;
    }
  }
  return out;
}

/** Only the changed lines with `context` lines around them; null entries mark skipped runs. */
export function withContext(lines: readonly DiffLine[], context = 3): (DiffLine | null)[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((l, i) => {
    if (l.kind === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = 1;
  });
  const out: (DiffLine | null)[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) out.push(l);
    else if (out.length === 0 || out[out.length - 1] !== null) out.push(null);
  });
  return out;
}
