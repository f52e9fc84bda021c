/**
 * OPA-compatible decision API: `POST /v1/data/{path}` with `{"input": ...}` (and `GET` with
 * `?input=<json>`) → `{result, decision_id, revision}`. The path is an entrypoint of the
 * compiled policy (`authz/allow`). When the agent denies regardless of the policy
 * (revoked, stale, revision_unavailable, no_policy) the answer is `result: false` with
 * `reason`, so a client that reads `result` fails closed. An adaptive result (libs/contracts
 * decision-result.ts) also gets `outcome` (allow | challenge | limit | deny), `reasons`, and
 * `challenge` or `retry_after` (seconds; the agent's token bucket said no) for the caller to enforce.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EnforcementError, originOf, retryAfterSeconds, type Decision, type RequestOrigin, type VigilEngine } from '@vigil/agent-sdk';
import { HttpError } from './http-error';
import { minRevisionOf, onBody, parseJsonObject, readJsonObject, sendJson, sendJsonTextSoon } from './io';

/** Paths seen recently → entrypoint: a service asks the same few paths over and over. */
const entrypoints = new Map<string, string>();

export function entrypointOf(path: string): string {
  const hit = entrypoints.get(path);
  if (hit !== undefined) return hit;
  let ep: string;
  try {
    ep = decodeURIComponent(path.replace(/^\/v1\/data\/?/, '')).replace(/\/+$/, '');
  } catch {
    throw new HttpError(400, 'INVALID_PATH', `the path ${JSON.stringify(path)} is not valid percent-encoding`);
  }
  if (!ep) throw new HttpError(404, 'UNKNOWN_PATH', 'the whole data document is not served; name an entrypoint, e.g. /v1/data/authz/allow');
  if (entrypoints.size >= 256) entrypoints.clear();
  entrypoints.set(path, ep);
  return ep;
}

export function decisionBody(d: Decision): Record<string, unknown> {
  if (d.reason) return { result: false, decision_id: d.decision_id, revision: d.revision, reason: d.reason, message: d.message };
  const body: Record<string, unknown> = d.result === undefined ? { decision_id: d.decision_id, revision: d.revision } : { result: d.result, decision_id: d.decision_id, revision: d.revision };
  addAdaptiveFields(body, d);
  return body;
}

/** An adaptive decision's fields for the caller to enforce (outcome, reasons, and challenge or retry_after), added to `into`. */
export function addAdaptiveFields(into: Record<string, unknown>, d: Decision): void {
  const a = d.adaptive;
  if (!a) return;
  into.outcome = d.outcome;
  into.reasons = a.reasons;
  if (d.outcome === 'challenge') into.challenge = a.challenge ?? {};
  if (d.outcome === 'limit') into.retry_after = retryAfterSeconds(d);
}

export function respondDecision(res: ServerResponse, d: Decision): void {
  if (d.reason === null && d.adaptive === undefined && d.result !== undefined) {
    // The common answer, written directly (same text as JSON.stringify(decisionBody(d))).
    // Decision ids are ASCII UUIDs (decision-id.ts): quoted as they are; a boolean answer is all ASCII, its length its size.
    const r = d.result;
    if (r === true || r === false) sendJsonTextSoon(res, `{"result":${r},"decision_id":"${d.decision_id}","revision":${d.revision}}`, true);
    else sendJsonTextSoon(res, `{"result":${JSON.stringify(r)},"decision_id":"${d.decision_id}","revision":${d.revision}}`);
    return;
  }
  if (d.reason === 'policy_error') {
    sendJson(res, 500, { code: 'POLICY_ERROR', message: d.message, decision_id: d.decision_id, revision: d.revision });
    return;
  }
  sendJsonTextSoon(res, JSON.stringify(decisionBody(d)));
}

function unknownEntrypoint(e: unknown): unknown {
  if (e instanceof EnforcementError && e.code === 'UNKNOWN_ENTRYPOINT') return new HttpError(404, 'UNKNOWN_ENTRYPOINT', e.message.replace(/^UNKNOWN_ENTRYPOINT: /, ''), e.details);
  if (e instanceof EnforcementError && e.code === 'INPUT_RESERVED') return new HttpError(400, 'INPUT_RESERVED', e.message.replace(/^INPUT_RESERVED: /, ''));
  return e;
}

/**
 * `POST /v1/data/{path}`, the hot path: synchronous from the body's last chunk to the
 * response unless the request waits for a `min_revision`. Failures go to `fail`.
 */
export function handleDataPost(engine: VigilEngine, req: IncomingMessage, res: ServerResponse, path: string, maxBody: number, fail: (res: ServerResponse, e: unknown) => void): void {
  onBody(req, maxBody, (err, text) => {
    if (err) return fail(res, err);
    try {
      const body = parseJsonObject(req, text!);
      const d = engine.decide(entrypointOf(path), body.input, { minRevision: minRevisionOf(req, body.min_revision), origin: originOf(engine, req) });
      if (d instanceof Promise) d.then((x) => respondDecision(res, x), (e: unknown) => fail(res, unknownEntrypoint(e)));
      else respondDecision(res, d);
    } catch (e) {
      fail(res, unknownEntrypoint(e));
    }
  });
}

/** Runs a decision, mapping an unknown entrypoint to 404. */
export async function decideOrThrow(engine: VigilEngine, entrypoint: string, input: unknown, minRevision: number | undefined, origin?: RequestOrigin): Promise<Decision> {
  try {
    return await engine.decide(entrypoint, input, { minRevision, origin });
  } catch (e) {
    throw unknownEntrypoint(e);
  }
}

export async function handleData(engine: VigilEngine, req: IncomingMessage, res: ServerResponse, path: string, query: string, maxBody: number): Promise<void> {
  const entrypoint = entrypointOf(path);
  let input: unknown;
  let minField: unknown;
  if (req.method === 'POST') {
    const body = await readJsonObject(req, maxBody);
    input = body.input;
    minField = body.min_revision;
  } else if (req.method === 'GET') {
    const params = new URLSearchParams(query);
    const raw = params.get('input');
    if (raw !== null) {
      try {
        input = JSON.parse(raw);
      } catch {
        throw new HttpError(400, 'INVALID_JSON', 'query parameter "input" is not valid JSON');
      }
    }
    minField = params.get('min_revision') ?? undefined;
  } else {
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on /v1/data (use POST or GET)`);
  }
  respondDecision(res, await decideOrThrow(engine, entrypoint, input, minRevisionOf(req, minField), originOf(engine, req)));
}
