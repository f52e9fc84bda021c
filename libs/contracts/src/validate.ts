/**
 * Runtime validation of everything that crosses the wire. Signatures prove who sent an
 * event; these checks prove it has the shape the agent's code assumes, so a control plane
 * bug becomes a clear refusal instead of a crash or a silent misread.
 */
import { OUTCOMES } from './decision-result';
import { ContractError } from './errors';
import { PROTOCOL_VERSION, type AckPayload, type DecisionLogBatch, type HelloPayload, type PushedEvent } from './events';
import { REVOCATION_KINDS, type DataDocument, type Revocation, type RoleBinding } from './model';
import { MAX_FLEET_COMPONENTS, MAX_RISK_REPORT, RISK_TARGETS, type FleetRisk, type RiskReportBatch, type Signal } from './risk';

type Obj = Record<string, unknown>;

function fail(where: string, message: string): never {
  throw new ContractError('INVALID_EVENT', `${where}: ${message}`);
}

function obj(v: unknown, where: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(where, 'expected an object');
  return v as Obj;
}

function revision(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(where, 'expected a non-negative integer revision');
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(where, 'expected a non-empty string');
  return v;
}

function optStr(v: unknown, where: string): void {
  if (v !== undefined && v !== null && typeof v !== 'string') fail(where, 'expected a string or null');
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(where, 'expected an array');
  return v;
}

function sha256(v: unknown, where: string): string {
  if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v)) fail(where, 'expected a sha256 hex digest');
  return v;
}

export function validateRevocation(v: unknown, where = 'revocation'): Revocation {
  const o = obj(v, where);
  str(o.id, `${where}.id`);
  if (!REVOCATION_KINDS.includes(o.kind as never)) fail(`${where}.kind`, `expected one of ${REVOCATION_KINDS.join(', ')}`);
  str(o.value, `${where}.value`);
  optStr(o.reason, `${where}.reason`);
  optStr(o.expires_at, `${where}.expires_at`);
  return o as unknown as Revocation;
}

export function validateRoleBinding(v: unknown, where = 'role_binding'): RoleBinding {
  const o = obj(v, where);
  str(o.id, `${where}.id`);
  str(o.subject, `${where}.subject`);
  str(o.role, `${where}.role`);
  optStr(o.scope, `${where}.scope`);
  optStr(o.expires_at, `${where}.expires_at`);
  return o as unknown as RoleBinding;
}

/** Data paths are slash-separated segments without empty parts; `vigil` is reserved for role bindings and revocations. */
export function validateDataPath(v: unknown, where = 'path'): string {
  const p = str(v, where);
  const parts = p.replace(/^\/+/, '').split('/');
  if (parts.some((s) => s === '')) fail(where, `data path ${JSON.stringify(p)} has an empty segment`);
  if (parts[0] === 'vigil') fail(where, 'data path "vigil" is reserved for role bindings and revocations');
  return p;
}

function level(v: unknown, where: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(where, 'expected a number in [0,1]');
  return v;
}

function target(v: unknown, where: string): void {
  if (!RISK_TARGETS.includes(v as never)) fail(where, `expected one of ${RISK_TARGETS.join(', ')}`);
}

function strings(v: unknown, where: string): void {
  arr(v, where).forEach((x, i) => {
    if (typeof x !== 'string') fail(`${where}[${i}]`, 'expected a string');
  });
}

export function validateSignal(v: unknown, where = 'signal'): Signal {
  const o = obj(v, where);
  str(o.id, `${where}.id`);
  target(o.target, `${where}.target`);
  str(o.value, `${where}.value`);
  str(o.name, `${where}.name`);
  level(o.level, `${where}.level`);
  optStr(o.reason, `${where}.reason`);
  str(o.source, `${where}.source`);
  if (o.attributes !== undefined && o.attributes !== null) obj(o.attributes, `${where}.attributes`);
  optStr(o.expires_at, `${where}.expires_at`);
  return o as unknown as Signal;
}

export function validateFleetRisk(v: unknown, where = 'risk'): FleetRisk {
  const o = obj(v, where);
  target(o.target, `${where}.target`);
  str(o.value, `${where}.value`);
  level(o.score, `${where}.score`);
  strings(o.reasons, `${where}.reasons`);
  if (typeof o.agents !== 'number' || !Number.isSafeInteger(o.agents) || o.agents < 0) fail(`${where}.agents`, 'expected a count');
  str(o.updated_at, `${where}.updated_at`);
  if (Number.isNaN(Date.parse(o.updated_at as string))) fail(`${where}.updated_at`, 'expected an ISO time');
  if (o.components !== undefined) {
    const c = arr(o.components, `${where}.components`);
    if (c.length > MAX_FLEET_COMPONENTS) fail(`${where}.components`, `at most ${MAX_FLEET_COMPONENTS}`);
    c.forEach((x, i) => level(x, `${where}.components[${i}]`));
  }
  if (o.half_life_ms !== undefined && (typeof o.half_life_ms !== 'number' || !Number.isSafeInteger(o.half_life_ms) || o.half_life_ms <= 0)) {
    fail(`${where}.half_life_ms`, 'expected a positive integer');
  }
  return o as unknown as FleetRisk;
}

function validateDataDocument(v: unknown, where: string): DataDocument {
  const o = obj(v, where);
  validateDataPath(o.path, `${where}.path`);
  if (o.value === undefined) fail(`${where}.value`, 'missing');
  return o as unknown as DataDocument;
}

function validateBundleRef(v: unknown, where: string): void {
  const o = obj(v, where);
  sha256(o.sha256, `${where}.sha256`);
  if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0) fail(`${where}.size`, 'expected a byte count');
  const m = obj(o.manifest, `${where}.manifest`);
  if (typeof m.revision !== 'string') fail(`${where}.manifest.revision`, 'expected a string');
  arr(m.roots, `${where}.manifest.roots`);
}

function validateDeltaLists(o: Obj, where: string, item: (v: unknown, where: string) => unknown): void {
  arr(o.put, `${where}.put`).forEach((x, i) => item(x, `${where}.put[${i}]`));
  arr(o.delete, `${where}.delete`).forEach((x, i) => str(x, `${where}.delete[${i}]`));
}

/** Checks a decoded event payload and returns it typed. */
export function validatePushedEvent(v: unknown): PushedEvent {
  const o = obj(v, 'event');
  if (o.v !== PROTOCOL_VERSION) fail('event.v', `protocol version ${String(o.v)} is not ${PROTOCOL_VERSION}`);
  if (typeof o.issued_at !== 'number') fail('event.issued_at', 'expected milliseconds since the epoch');
  const where = `event(${String(o.type)})`;
  switch (o.type) {
    case 'heartbeat':
      revision(o.head, `${where}.head`);
      break;
    case 'snapshot':
      revision(o.revision, `${where}.revision`);
      if (o.bundle !== null) validateBundleRef(o.bundle, `${where}.bundle`);
      arr(o.data, `${where}.data`).forEach((x, i) => validateDataDocument(x, `${where}.data[${i}]`));
      arr(o.role_bindings, `${where}.role_bindings`).forEach((x, i) => validateRoleBinding(x, `${where}.role_bindings[${i}]`));
      arr(o.revocations, `${where}.revocations`).forEach((x, i) => validateRevocation(x, `${where}.revocations[${i}]`));
      if (o.signals !== undefined) arr(o.signals, `${where}.signals`).forEach((x, i) => validateSignal(x, `${where}.signals[${i}]`));
      if (o.risk !== undefined) arr(o.risk, `${where}.risk`).forEach((x, i) => validateFleetRisk(x, `${where}.risk[${i}]`));
      break;
    case 'bundle':
    case 'data_delta':
    case 'role_binding_delta':
    case 'revocation':
    case 'signal':
    case 'risk':
    case 'noop': {
      const rev = revision(o.revision, `${where}.revision`);
      const prev = revision(o.prev, `${where}.prev`);
      if (prev >= rev) fail(`${where}.prev`, `prev ${prev} must be below revision ${rev}`);
      if (o.type === 'bundle') validateBundleRef(o.bundle, `${where}.bundle`);
      if (o.type === 'data_delta') validateDeltaLists(o, where, validateDataDocument);
      if (o.type === 'role_binding_delta') validateDeltaLists(o, where, validateRoleBinding);
      if (o.type === 'revocation') validateDeltaLists(o, where, validateRevocation);
      if (o.type === 'signal') validateDeltaLists(o, where, validateSignal);
      if (o.type === 'risk') validateDeltaLists(o, where, validateFleetRisk);
      break;
    }
    default:
      fail('event.type', `unknown event type ${JSON.stringify(o.type)}`);
  }
  return o as unknown as PushedEvent;
}

export function validateHello(v: unknown): HelloPayload {
  const o = obj(v, 'hello');
  if (o.v !== PROTOCOL_VERSION) fail('hello.v', `protocol version ${String(o.v)} is not ${PROTOCOL_VERSION}`);
  revision(o.applied_revision, 'hello.applied_revision');
  if (o.bundle_sha256 !== undefined && o.bundle_sha256 !== null) sha256(o.bundle_sha256, 'hello.bundle_sha256');
  return o as unknown as HelloPayload;
}

export function validateAck(v: unknown): AckPayload {
  const o = obj(v, 'ack');
  revision(o.revision, 'ack.revision');
  return o as unknown as AckPayload;
}

/** Largest decision-log batch the control plane accepts in one message. */
export const MAX_DECISION_BATCH = 1000;
/** Most reasons a decision-log entry carries (agents truncate; longer lists are refused). */
export const MAX_DECISION_REASONS = 16;

export function validateDecisionBatch(v: unknown): DecisionLogBatch {
  const o = obj(v, 'batch');
  str(o.batch_id, 'batch.batch_id');
  if (typeof o.dropped !== 'number' || !Number.isSafeInteger(o.dropped) || o.dropped < 0) fail('batch.dropped', 'expected a count');
  const entries = arr(o.entries, 'batch.entries');
  if (entries.length > MAX_DECISION_BATCH) fail('batch.entries', `at most ${MAX_DECISION_BATCH} entries per batch`);
  entries.forEach((e, i) => {
    const w = `batch.entries[${i}]`;
    const x = obj(e, w);
    str(x.decision_id, `${w}.decision_id`);
    if (typeof x.timestamp !== 'string' || Number.isNaN(Date.parse(x.timestamp))) fail(`${w}.timestamp`, 'expected an ISO time');
    str(x.path, `${w}.path`);
    if (typeof x.allowed !== 'boolean') fail(`${w}.allowed`, 'expected a boolean');
    revision(x.revision, `${w}.revision`);
    if (x.bundle_sha256 !== null) sha256(x.bundle_sha256, `${w}.bundle_sha256`);
    if (typeof x.latency_us !== 'number' || x.latency_us < 0) fail(`${w}.latency_us`, 'expected microseconds');
    optStr(x.reason, `${w}.reason`);
    if (x.outcome !== undefined && !OUTCOMES.includes(x.outcome as never)) fail(`${w}.outcome`, `expected one of ${OUTCOMES.join(', ')}`);
    if (x.reasons !== undefined) {
      strings(x.reasons, `${w}.reasons`);
      if ((x.reasons as unknown[]).length > MAX_DECISION_REASONS) fail(`${w}.reasons`, `at most ${MAX_DECISION_REASONS} reasons`);
    }
  });
  return o as unknown as DecisionLogBatch;
}

export function validateRiskReport(v: unknown): RiskReportBatch {
  const o = obj(v, 'report');
  str(o.batch_id, 'report.batch_id');
  if (typeof o.at !== 'number' || !Number.isFinite(o.at)) fail('report.at', 'expected milliseconds since the epoch');
  const entries = arr(o.entries, 'report.entries');
  if (entries.length > MAX_RISK_REPORT) fail('report.entries', `at most ${MAX_RISK_REPORT} entries per report`);
  entries.forEach((e, i) => {
    const w = `report.entries[${i}]`;
    const x = obj(e, w);
    target(x.target, `${w}.target`);
    str(x.value, `${w}.value`);
    level(x.score, `${w}.score`);
    strings(x.reasons, `${w}.reasons`);
  });
  return o as unknown as RiskReportBatch;
}
