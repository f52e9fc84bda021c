/** Reading bounded JSON bodies and writing JSON answers on raw node:http (no framework on the hot path). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-error';

/** Reads the body as text; 413 past `maxBytes` (the rest is not read). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return Promise.reject(new HttpError(413, 'BODY_TOO_LARGE', `request body is ${declared} bytes; the limit is ${maxBytes}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new HttpError(413, 'BODY_TOO_LARGE', `request body exceeds the limit of ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a JSON object body, demanding `application/json` whenever a body is present. */
export async function readJsonObject(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const text = await readBody(req, maxBytes);
  if (text.length === 0) return {};
  const type = req.headers['content-type'];
  if (!type || !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
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
