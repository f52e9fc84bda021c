/**
 * Test support: the literal arguments of a builtin call inside an OPA case's module, so
 * specs use exactly the values the case uses. Handles JSON-like literals and raw
 * `backtick` strings; a non-literal argument comes back as `{ $ref: text }`.
 */

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  const last = s.slice(start);
  if (last.trim() !== '') out.push(last);
  return out;
}

function literal(text: string): unknown {
  const t = text.trim();
  const json = t.replace(/`([^`]*)`/g, (_, raw: string) => JSON.stringify(raw));
  try {
    return JSON.parse(json);
  } catch {
    return { $ref: t };
  }
}

/** Arguments of the `index`-th call of `fn` in `module`. */
export function callArgs(module: string, fn: string, index = 0): unknown[] {
  let at = -1;
  for (let k = 0; k <= index; k++) {
    at = module.indexOf(`${fn}(`, at + 1);
    if (at < 0) throw new Error(`no call #${index} of ${fn}`);
  }
  const open = at + fn.length;
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < module.length; i++) {
    const c = module[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return splitTopLevel(module.slice(open + 1, i)).map(literal);
  }
  throw new Error(`unbalanced call of ${fn}`);
}
