/**
 * What the workflow commands share: the saved login (control-plane URL and API key in a
 * 0600 file) and an HTTP client whose failures carry the exit code to end with.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Exit codes: 0 done; 1 refused (compile errors, failing tests, 4xx); 2 usage or configuration; 3 control plane unreachable or key refused. */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Login {
  readonly url: string;
  readonly apiKey: string;
}

/** `$VIGIL_CONFIG`, else `$XDG_CONFIG_HOME/vigil/config.json`, else `~/.config/vigil/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VIGIL_CONFIG) return env.VIGIL_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'vigil', 'config.json');
}

export function saveLogin(login: Login, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // an existing file keeps its mode on write: tighten it
}

/** The login to use: `VIGIL_URL`/`VIGIL_API_KEY` override the saved file (CI). */
export function loadLogin(path = configPath(), env: NodeJS.ProcessEnv = process.env): Login {
  let saved: Partial<Login> = {};
  if (existsSync(path)) {
    try {
      saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<Login>;
    } catch (e) {
      throw new CliError(`${path} is not valid JSON (${(e as Error).message}); run \`vigil login\` again`, EXIT.usage);
    }
  }
  const url = env.VIGIL_URL ?? saved.url;
  const apiKey = env.VIGIL_API_KEY ?? saved.apiKey;
  if (!url || !apiKey) throw new CliError('not logged in: run `vigil login --url <control plane> --api-key <key>` (or set VIGIL_URL and VIGIL_API_KEY)', EXIT.usage);
  return { url: url.replace(/\/+$/, ''), apiKey };
}

export interface ApiErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly details?: unknown;
}

export class ControlPlaneClient {
  constructor(readonly login: Login) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.login.url + path, {
        method,
        headers: { authorization: `Bearer ${this.login.apiKey}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new CliError(`cannot reach the control plane at ${this.login.url}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`, EXIT.unreachable);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
    if (!res.ok) {
      const err = (parsed ?? {}) as ApiErrorBody;
      const code = res.status === 401 || res.status === 403 ? EXIT.unreachable : res.status >= 500 ? EXIT.unreachable : EXIT.refused;
      throw new CliError(`${err.code ?? `HTTP ${res.status}`}: ${err.message ?? `${method} ${path} failed`}`, code, err);
    }
    return parsed as T;
  }
}
