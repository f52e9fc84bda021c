/**
 * The control plane's REST API from the browser: same origin, `Authorization: Bearer`,
 * errors as ApiError carrying the API's `{ code, message, details }`.
 */
import type { Page } from './types';
import { storedKey } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called on 401 so the shell can send the user back to sign-in. */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

/** For requests made outside api() (the live channel): the stored key was refused. */
export function reportUnauthenticated(): void {
  onUnauthenticated?.();
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly key?: string;
  readonly signal?: AbortSignal;
}

export async function api<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const key = opts.key ?? storedKey();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'The control plane cannot be reached. Check that it is running.');
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const err = (body ?? {}) as { code?: string; message?: string; details?: unknown };
    if (res.status === 401 && opts.key === undefined) onUnauthenticated?.();
    throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? `${method} ${path} failed with ${res.status}`, err.details);
  }
  return body as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, { signal });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);

/** The largest page the API gives (its `limit` maximum). */
const MAX_PAGE = 500;

/**
 * Every item of a paged list endpoint, page after page, for a view that needs the whole list
 * (the policy tree). Stops at a short page, so rows removed meanwhile cannot make it loop.
 */
export async function getAll<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await get<Page<T>>(path + query({ limit: MAX_PAGE, offset: items.length }), signal);
    items.push(...page.items);
    if (page.items.length < MAX_PAGE || items.length >= page.total) return items;
  }
}

/** `?a=1&b=x` from the defined, non-empty entries. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A message for any error, for status lines and alerts. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.code && !e.code.startsWith('HTTP_') ? `${e.message} (${e.code})` : e.message;
  return e instanceof Error ? e.message : String(e);
}
