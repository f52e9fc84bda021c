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

/** A non-negative safe integer (a revision, a count, a size); `message` says what was expected. */
function count(v: unknown, where: string, message = 'expected a count'): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(where, message);
  return v;
}

function revision(v: unknown, where: string): number {
  return count(v, where, 'expected a non-negative integer revision');
}

/** One of a closed list of strings (an enum on the wire). */
function oneOf(v: unknown, allowed: readonly string[], where: string): void {
  if (!allowed.includes(v as string)) fail(where, `expected one of ${allowed.join(', ')}`);
}

function protocolVersion(v: unknown, where: string): void {
  if (v !== PROTOCOL_VERSION) fail(where, `protocol version ${String(v)} is not ${PROTOCOL_VERSION}`);
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

/** An array whose items each pass `item` (named `where[i]`). */
function arrayOf(v: unknown, where: string, item: (v: unknown, where: string) => unknown): unknown[] {
  const items = arr(v, where);
  items.forEach((x, i) => item(x, `${where}[${i}]`));
  return items;
}

function sha256(v: unknown, where: string): string {
  if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v)) fail(where, 'expected a sha256 hex digest');
  return v;
}

export function validateRevocation(v: unknown, where = 'revocation'): Revocation {
  const o = obj(v, where);
  str(o.id, `${where}.id`);
  oneOf(o.kind, REVOCATION_KINDS, `${where}.kind`);
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
  oneOf(v, RISK_TARGETS, where);
}

function strings(v: unknown, where: string): void {
  arrayOf(v, where, (x, w) => {
    if (typeof x !== 'string') fail(w, 'expected a string');
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
  count(o.agents, `${where}.agents`);
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
  count(o.size, `${where}.size`, 'expected a byte count');
  const m = obj(o.manifest, `${where}.manifest`);
  if (typeof m.revision !== 'string') fail(`${where}.manifest.revision`, 'expected a string');
  arr(m.roots, `${where}.manifest.roots`);
}

function validateDeltaLists(o: Obj, where: string, item: (v: unknown, where: string) => unknown): void {
  arrayOf(o.put, `${where}.put`, item);
  arrayOf(o.delete, `${where}.delete`, str);
}

/** Checks a decoded event payload and returns it typed. */
export function validatePushedEvent(v: unknown): PushedEvent {
  const o = obj(v, 'event');
  protocolVersion(o.v, 'event.v');
  if (typeof o.issued_at !== 'number') fail('event.issued_at', 'expected milliseconds since the epoch');
  const where = `event(${String(o.type)})`;
  switch (o.type) {
    case 'heartbeat':
      revision(o.head, `${where}.head`);
      break;
    case 'snapshot':
      revision(o.revision, `${where}.revision`);
      if (o.bundle !== null) validateBundleRef(o.bundle, `${where}.bundle`);
      arrayOf(o.data, `${where}.data`, validateDataDocument);
      arrayOf(o.role_bindings, `${where}.role_bindings`, validateRoleBinding);
      arrayOf(o.revocations, `${where}.revocations`, validateRevocation);
      if (o.signals !== undefined) arrayOf(o.signals, `${where}.signals`, validateSignal);
      if (o.risk !== undefined) arrayOf(o.risk, `${where}.risk`, validateFleetRisk);
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
  protocolVersion(o.v, 'hello.v');
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
  count(o.dropped, 'batch.dropped');
  const entries = arr(o.entries, 'batch.entries');
  if (entries.length > MAX_DECISION_BATCH) fail('batch.entries', `at most ${MAX_DECISION_BATCH} entries per batch`);
  // Entries logged in the same millisecond share their timestamp, and a batch its bundle:
  // each distinct text is parsed once. The common entry is checked without building the
  // texts that would name its fields; any other goes through the checks that name them.
  const seen = { timestamp: '', sha256: '' };
  entries.forEach((e, i) => {
    if (plainEntry(e, seen)) return;
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
    if (x.outcome !== undefined) oneOf(x.outcome, OUTCOMES, `${w}.outcome`);
    if (x.reasons !== undefined) {
      strings(x.reasons, `${w}.reasons`);
      if ((x.reasons as unknown[]).length > MAX_DECISION_REASONS) fail(`${w}.reasons`, `at most ${MAX_DECISION_REASONS} reasons`);
    }
  });
  return o as unknown as DecisionLogBatch;
}

/**
 * Whether a decision-log entry passes every check of validateDecisionBatch, tested without
 * allocating (false: run those checks, which say what is wrong). `seen` holds the last
 * timestamp and digest found valid.
 */
function plainEntry(e: unknown, seen: { timestamp: string; sha256: string }): boolean {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return false;
  const x = e as Obj;
  const id = x.decision_id;
  const path = x.path;
  const ts = x.timestamp;
  const sha = x.bundle_sha256;
  const latency = x.latency_us;
  const reason = x.reason;
  const reasons = x.reasons;
  if (typeof id !== 'string' || id.length === 0 || typeof path !== 'string' || path.length === 0 || typeof x.allowed !== 'boolean') return false;
  if (typeof ts !== 'string') return false;
  if (ts !== seen.timestamp) {
    if (Number.isNaN(Date.parse(ts))) return false;
    seen.timestamp = ts;
  }
  const rev = x.revision;
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 0) return false;
  if (sha !== null && sha !== seen.sha256) {
    if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) return false;
    seen.sha256 = sha;
  }
  if (typeof latency !== 'number' || latency < 0) return false;
  if (reason !== undefined && reason !== null && typeof reason !== 'string') return false;
  if (x.outcome !== undefined && !OUTCOMES.includes(x.outcome as (typeof OUTCOMES)[number])) return false;
  if (reasons !== undefined) {
    if (!Array.isArray(reasons) || reasons.length > MAX_DECISION_REASONS) return false;
    for (const r of reasons) if (typeof r !== 'string') return false;
  }
  return true;
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
