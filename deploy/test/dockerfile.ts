/**
 * Just enough of a Dockerfile reader for the compose topology spec: stages with their
 * WORKDIR, ENV, USER, COPY, RUN, CMD/ENTRYPOINT (exec form) and HEALTHCHECK. Anything it does
 * not understand is reported, never skipped, so the spec cannot pass on a file it misread.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

export interface Copy {
  readonly from: string | null;
  readonly sources: readonly string[];
  readonly dest: string;
  /** WORKDIR of the stage at this instruction (relative destinations resolve against it). */
  readonly workdir: string;
}

export interface Stage {
  readonly name: string | null;
  readonly base: string;
  workdir: string;
  readonly env: Record<string, string>;
  user: string | null;
  readonly copies: Copy[];
  readonly runs: string[];
  cmd: string[] | null;
  entrypoint: string[] | null;
  healthcheck: string[] | null;
  readonly expose: number[];
}

export interface Dockerfile {
  readonly path: string;
  readonly stages: readonly Stage[];
  /** The stage the image is built from (the last one). */
  readonly final: Stage;
}

/** Joins `\` continuations and drops comments and blank lines. */
function instructions(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    out.push(current + line);
    current = '';
  }
  if (current !== '') out.push(current);
  return out;
}

function execForm(path: string, what: string, rest: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    throw new Error(`${path}: ${what} ${rest} is not in exec (JSON array) form: a shell form would run under /bin/sh and not receive signals`);
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new Error(`${path}: ${what} must be a JSON array of strings`);
  return parsed as string[];
}

/** `k=v k2="v 2"` (and the legacy `ENV k v`). */
function parseEnv(path: string, rest: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!rest.includes('=')) {
    const [k, ...v] = rest.split(/\s+/);
    out[k] = v.join(' ');
    return out;
  }
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("([^"\\]|\\.)*"|\S*)\s*/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    const v = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/\\(.)/g, '$1') : m[2];
    out[m[1]] = v;
    if (re.lastIndex >= rest.length) return out;
  }
  throw new Error(`${path}: cannot read ENV ${rest}`);
}

export function readDockerfile(path: string): Dockerfile {
  const stages: Stage[] = [];
  const stage = (): Stage => {
    const s = stages[stages.length - 1];
    if (!s) throw new Error(`${path}: an instruction before FROM`);
    return s;
  };
  for (const ins of instructions(readFileSync(path, 'utf8'))) {
    const m = /^(\w+)\s+(.*)$/s.exec(ins);
    if (!m) throw new Error(`${path}: cannot read ${JSON.stringify(ins)}`);
    const op = m[1].toUpperCase();
    const rest = m[2].trim();
    switch (op) {
      case 'FROM': {
        const f = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
        if (!f) throw new Error(`${path}: cannot read FROM ${rest}`);
        const parent = stages.find((s) => s.name === f[1]);
        stages.push({
          name: f[2] ?? null,
          base: f[1],
          workdir: parent?.workdir ?? '/',
          env: { ...(parent?.env ?? {}) },
          user: parent?.user ?? null,
          copies: [],
          runs: [],
          cmd: parent?.cmd ?? null,
          entrypoint: parent?.entrypoint ?? null,
          healthcheck: parent?.healthcheck ?? null,
          expose: [],
        });
        break;
      }
      case 'WORKDIR':
        stage().workdir = posix.resolve(stage().workdir, rest);
        break;
      case 'ENV':
        Object.assign(stage().env, parseEnv(path, rest));
        break;
      case 'USER':
        stage().user = rest;
        break;
      case 'RUN':
        stage().runs.push(rest);
        break;
      case 'CMD':
        stage().cmd = execForm(path, 'CMD', rest);
        break;
      case 'ENTRYPOINT':
        stage().entrypoint = execForm(path, 'ENTRYPOINT', rest);
        break;
      case 'EXPOSE':
        stage().expose.push(...rest.split(/\s+/).map((p) => Number(p.replace(/\/tcp$/, ''))));
        break;
      case 'HEALTHCHECK': {
        const h = /^(?:--\S+\s+)*CMD\s+(.*)$/s.exec(rest);
        if (!h) throw new Error(`${path}: cannot read HEALTHCHECK ${rest}`);
        stage().healthcheck = execForm(path, 'HEALTHCHECK CMD', h[1]);
        break;
      }
      case 'COPY': {
        const words = rest.startsWith('[') ? execForm(path, 'COPY', rest) : rest.split(/\s+/);
        let from: string | null = null;
        while (words[0]?.startsWith('--')) {
          const flag = words.shift() as string;
          if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
          else if (!/^--(chown|chmod|link)/.test(flag)) throw new Error(`${path}: COPY flag ${flag} is not understood by this reader`);
        }
        if (words.length < 2) throw new Error(`${path}: COPY ${rest} needs a source and a destination`);
        const dest = words[words.length - 1];
        stage().copies.push({ from, sources: words.slice(0, -1), dest, workdir: stage().workdir });
        break;
      }
      case 'ARG':
      case 'LABEL':
      case 'STOPSIGNAL':
        break;
      default:
        throw new Error(`${path}: ${op} is not understood by this reader (teach deploy/test/dockerfile.ts)`);
    }
  }
  if (stages.length === 0) throw new Error(`${path}: no FROM`);
  return { path, stages, final: stages[stages.length - 1] };
}
