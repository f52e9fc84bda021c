/**
 * OpenID AuthZEN access evaluation API: `POST /access/v1/evaluation` answers
 * `{decision, context}`; `POST /access/v1/evaluations` takes defaults plus an
 * `evaluations` list and honours `options.evaluations_semantic`. The AuthZEN request
 * (subject, action, resource, context) is the policy's input, unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { originOf, type Decision, type VigilEngine } from '@vigil/agent-sdk';
import { addAdaptiveFields, decideOrThrow } from './data-api';
import { HttpError } from './http-error';
import { minRevisionOf, readJsonObject, sendJson } from './io';

type Obj = Record<string, unknown>;

function requireEntity(o: Obj, key: 'subject' | 'resource', where: string): void {
  const e = o[key] as Obj | undefined;
  if (!e || typeof e !== 'object' || typeof e.type !== 'string' || typeof e.id !== 'string') {
    throw new HttpError(400, 'INVALID_REQUEST', `${where}${key} must be an object with string "type" and "id"`);
  }
}

function validateEvaluation(o: Obj, where = ''): void {
  requireEntity(o, 'subject', where);
  requireEntity(o, 'resource', where);
  const a = o.action as Obj | undefined;
  if (!a || typeof a !== 'object' || typeof a.name !== 'string') throw new HttpError(400, 'INVALID_REQUEST', `${where}action must be an object with a string "name"`);
}

function answer(d: Decision): Obj {
  const context: Obj = { decision_id: d.decision_id, revision: d.revision };
  if (d.reason) context.reason = { code: d.reason, message: d.message };
  addAdaptiveFields(context, d);
  return { decision: d.allowed, context };
}

export async function handleEvaluation(engine: VigilEngine, entrypoint: string, req: IncomingMessage, res: ServerResponse, maxBody: number): Promise<void> {
  const body = await readJsonObject(req, maxBody);
  const { min_revision, ...input } = body;
  validateEvaluation(input);
  const d = await decideOrThrow(engine, entrypoint, input, minRevisionOf(req, min_revision), originOf(engine, req));
  if (d.reason === 'policy_error') throw new HttpError(500, 'POLICY_ERROR', d.message ?? 'policy evaluation failed', { decision_id: d.decision_id });
  sendJson(res, 200, answer(d));
}

export async function handleEvaluations(engine: VigilEngine, entrypoint: string, req: IncomingMessage, res: ServerResponse, maxBody: number): Promise<void> {
  const body = await readJsonObject(req, maxBody);
  const { evaluations, options, min_revision, ...defaults } = body;
  const minRevision = minRevisionOf(req, min_revision);
  if (evaluations === undefined || (Array.isArray(evaluations) && evaluations.length === 0)) {
    validateEvaluation(defaults);
    const d = await decideOrThrow(engine, entrypoint, defaults, minRevision, originOf(engine, req));
    sendJson(res, 200, answer(d));
    return;
  }
  if (!Array.isArray(evaluations)) throw new HttpError(400, 'INVALID_REQUEST', '"evaluations" must be an array');
  const semantic = (options as Obj | undefined)?.evaluations_semantic ?? 'execute_all';
  if (!['execute_all', 'deny_on_first_deny', 'permit_on_first_permit'].includes(semantic as string)) {
    throw new HttpError(400, 'INVALID_REQUEST', `options.evaluations_semantic ${JSON.stringify(semantic)} is not execute_all, deny_on_first_deny or permit_on_first_permit`);
  }
  const inputs = evaluations.map((e, i) => {
    if (!e || typeof e !== 'object') throw new HttpError(400, 'INVALID_REQUEST', `evaluations[${i}] must be an object`);
    const merged = { ...defaults, ...(e as Obj) };
    validateEvaluation(merged, `evaluations[${i}].`);
    return merged;
  });
  const out: Obj[] = [];
  const origin = originOf(engine, req);
  for (const input of inputs) {
    const d = await decideOrThrow(engine, entrypoint, input, minRevision, origin);
    out.push(answer(d));
    if ((semantic === 'deny_on_first_deny' && !d.allowed) || (semantic === 'permit_on_first_permit' && d.allowed)) break;
  }
  sendJson(res, 200, { evaluations: out });
}
