/** Reading bounded JSON bodies and writing JSON answers on raw node:http (no framework on the hot path). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-error';

/**
 * Reads the body as text and calls back once: (error) or (null, text); 413 past `maxBytes`
 * (the rest is not read). A callback, not a promise, so the common decision path stays
 * synchronous from the last body chunk to the response.
 */
export function onBody(req: IncomingMessage, maxBytes: number, done: (err: HttpError | Error | null, text?: string) => void): void {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) {
    req.resume();
    done(new HttpError(413, 'BODY_TOO_LARGE', `request body is ${declared} bytes; the limit is ${maxBytes}`));
    return;
  }
  let first: Buffer | null = null;
  let rest: Buffer[] | null = null;
  let size = 0;
  let finished = false;
  const finish = (err: Error | null, text?: string) => {
    if (finished) return;
    finished = true;
    done(err, text);
  };
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > maxBytes) {
      finish(new HttpError(413, 'BODY_TOO_LARGE', `request body exceeds the limit of ${maxBytes} bytes`));
      req.destroy();
      return;
    }
    if (!first) first = c;
    else (rest ??= [first]).push(c);
  });
  req.on('end', () => finish(null, rest ? Buffer.concat(rest).toString('utf8') : first ? first.toString('utf8') : ''));
  req.on('error', (e) => finish(e));
}

/** Parses a JSON object body, demanding `application/json` whenever a body is present. */
export function parseJsonObject(req: IncomingMessage, text: string): Record<string, unknown> {
  if (text.length === 0) return {};
  const type = req.headers['content-type'];
  if (type !== 'application/json' && (!type || !/^application\/([a-z.+-]*\+)?json\b/i.test(type))) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `expected Content-Type: application/json, got ${type ? JSON.stringify(type) : 'none'}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'INVALID_JSON', `request body is not valid JSON: ${(e as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'INVALID_BODY', 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Reads and parses a JSON object body. */
export function readJsonObject(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) =>
    onBody(req, maxBytes, (err, text) => {
      if (err) return reject(err);
      try {
        resolve(parseJsonObject(req, text!));
      } catch (e) {
        reject(e);
      }
    }),
  );
}

/** Answers waiting for the end of this event-loop turn (sendJsonTextSoon): response, text, byte length or -1; and the turn's other array. */
let soon: (ServerResponse | string | number)[] = [];
let spare: (ServerResponse | string | number)[] = [];

function flushSoon(): void {
  const batch = soon;
  soon = spare; // answers queued while these are written wait for the next turn
  for (let i = 0; i < batch.length; i += 3) {
    const res = batch[i] as ServerResponse;
    const text = batch[i + 1] as string;
    const bytes = batch[i + 2] as number;
    try {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes < 0 ? Buffer.byteLength(text) : bytes });
      res.end(text);
    } catch {
      res.destroy();
    }
  }
  batch.length = 0;
  spare = batch;
}

/**
 * A 200 JSON answer written at the end of this event-loop turn (setImmediate), after the
 * requests that arrived with it were read and decided, instead of at once. Under load one
 * turn reads many connections: their answers then go out back to back, the client (or
 * proxy) is woken once for the burst rather than once per answer, and its next requests
 * arrive together. Measured on the decision bench: the agent's CPU per request ~22.4 ->
 * ~17.5 us and throughput +30%; alone, an answer waits one setImmediate. `ascii`: the
 * caller knows the text is ASCII (its length is its size).
 */
export function sendJsonTextSoon(res: ServerResponse, text: string, ascii = false): void {
  if (soon.push(res, text, ascii ? text.length : -1) === 3) setImmediate(flushSoon);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, e: HttpError): void {
  sendJson(res, e.status, { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) });
}

/** `X-Vigil-Min-Revision` header or a `min_revision` field: a non-negative integer, else 400. */
export function minRevisionOf(req: IncomingMessage, field?: unknown): number | undefined {
  const raw = req.headers['x-vigil-min-revision'] ?? field;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new HttpError(400, 'INVALID_MIN_REVISION', `min_revision must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}
