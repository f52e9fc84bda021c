/**
 * The steps docker-compose.yml's header comment tells a reader to type (`export ...`,
 * `docker compose up`, `curl ...`), read as a shell would read them, so the spec runs the
 * documented requests themselves rather than a copy that could drift from the comment.
 */
import { randomBytes } from 'node:crypto';

export interface CurlStep {
  /** The command as documented (continuations joined). */
  readonly text: string;
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  /** The trailing `# ...` comment: what the reader is told to expect. */
  readonly note: string;
}

export interface HeaderSteps {
  /** Variables the `export` lines set, with values made the way the line makes them. */
  readonly vars: Record<string, string>;
  readonly composeUp: string;
  readonly curls: readonly CurlStep[];
}

/** Words of one command line: quotes, backslashes and $VAR / ${VAR} from `vars`. */
export function shellWords(src: string, vars: Record<string, string>): { words: string[]; comment: string } {
  const words: string[] = [];
  let cur: string | null = null;
  let i = 0;
  const expand = (): string => {
    const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/.exec(src.slice(i));
    if (!m) throw new Error(`header step ${JSON.stringify(src)}: cannot expand ${src.slice(i, i + 10)} (only $VAR and \${VAR} are understood)`);
    const name = m[1] ?? m[2];
    if (!(name in vars)) throw new Error(`header step ${JSON.stringify(src)} uses $${name}, which no earlier export sets`);
    i += m[0].length;
    return vars[name];
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      if (cur !== null) words.push(cur);
      cur = null;
      i++;
    } else if (c === '#' && cur === null) {
      return { words, comment: src.slice(i + 1).trim() };
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new Error(`header step ${JSON.stringify(src)}: unterminated '`);
      cur = (cur ?? '') + src.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      cur ??= '';
      i++;
      while (src[i] !== '"') {
        if (i >= src.length) throw new Error(`header step ${JSON.stringify(src)}: unterminated "`);
        if (src[i] === '\\' && '"\\$`'.includes(src[i + 1])) {
          cur += src[i + 1];
          i += 2;
        } else if (src[i] === '$') cur += expand();
        else cur += src[i++];
      }
      i++;
    } else if (c === '\\') {
      cur = (cur ?? '') + src[i + 1];
      i += 2;
    } else if (c === '$') {
      cur = (cur ?? '') + expand();
    } else {
      cur = (cur ?? '') + c;
      i++;
    }
  }
  if (cur !== null) words.push(cur);
  return { words, comment: '' };
}

function parseCurl(text: string, vars: Record<string, string>): CurlStep {
  const { words, comment } = shellWords(text, vars);
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  const headers: Record<string, string> = {};
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    if (w === '-X' || w === '--request') method = words[++k];
    else if (/^-X[A-Z]+$/.test(w)) method = w.slice(2);
    else if (w === '-H' || w === '--header') {
      const h = words[++k];
      const colon = h.indexOf(':');
      if (colon < 1) throw new Error(`header step ${JSON.stringify(text)}: bad header ${JSON.stringify(h)}`);
      headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (w === '-d' || w === '--data' || w === '--data-raw') {
      body = words[++k];
      if (w !== '--data-raw' && body.startsWith('@')) throw new Error(`header step ${JSON.stringify(text)}: -d @file is not understood`);
    } else if (w === '-s' || w === '--silent' || w === '-S' || w === '-sS') {
      /* output flags: no effect on the request */
    } else if (w.startsWith('-')) throw new Error(`header step ${JSON.stringify(text)}: curl flag ${w} is not understood by deploy/test/compose-header.ts`);
    else if (url !== undefined) throw new Error(`header step ${JSON.stringify(text)}: two URLs`);
    else url = w;
  }
  if (url === undefined) throw new Error(`header step ${JSON.stringify(text)}: no URL`);
  if (!/^https?:\/\//.test(url)) throw new Error(`header step ${JSON.stringify(text)}: write the URL with its scheme (${url})`);
  if (body !== undefined) {
    method ??= 'POST';
    headers['content-type'] ??= 'application/x-www-form-urlencoded'; // what curl sends with -d
  }
  return { text, method: method ?? 'GET', url: new URL(url), headers, body, note: comment };
}

/** Reads the header comment (the file's leading `#` lines; commands are the indented ones). */
export function readHeaderSteps(composeText: string): HeaderSteps {
  const commands: string[] = [];
  let pending = '';
  for (const line of composeText.split('\n')) {
    if (!line.startsWith('#')) break;
    const m = /^#\s{3,}(\S.*)$/.exec(line);
    if (!m) continue; // prose
    const text = m[1].trimEnd();
    if (text.endsWith('\\')) {
      pending += `${text.slice(0, -1).trimEnd()} `;
      continue;
    }
    commands.push(pending + text.trim());
    pending = '';
  }
  if (pending) throw new Error(`docker-compose.yml header: a continued command never ends: ${pending}`);

  const vars: Record<string, string> = {};
  let composeUp: string | undefined;
  const curls: CurlStep[] = [];
  for (const cmd of commands) {
    const word = cmd.split(/\s+/)[0];
    if (word === 'export') {
      // `export NAME=prefix$(openssl rand -hex N)`: the same shape of value, made here.
      const e = /^export ([A-Za-z_]\w*)=([\w-]*)\$\(openssl rand -hex (\d+)\)$/.exec(cmd);
      if (!e) throw new Error(`docker-compose.yml header: cannot follow ${JSON.stringify(cmd)}`);
      vars[e[1]] = e[2] + randomBytes(Number(e[3])).toString('hex');
    } else if (word === 'docker') {
      if (!/^docker compose up\b/.test(cmd)) throw new Error(`docker-compose.yml header: cannot follow ${JSON.stringify(cmd)}`);
      composeUp = cmd;
    } else if (word === 'curl') {
      if (composeUp === undefined) throw new Error(`docker-compose.yml header: ${JSON.stringify(cmd)} comes before \`docker compose up\``);
      curls.push(parseCurl(cmd, vars));
    } else throw new Error(`docker-compose.yml header: cannot follow ${JSON.stringify(cmd)}`);
  }
  if (composeUp === undefined) throw new Error('docker-compose.yml header: no `docker compose up` step');
  return { vars, composeUp, curls };
}
