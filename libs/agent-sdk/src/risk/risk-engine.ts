/**
 * Risk on the decision path: before the policy runs, the input gets `input.vigil` (the
 * key is configurable) with where the request came from, when, which agent decided, who
 * the subject and calling service are, their risk (local anomaly score, fleet score,
 * signals, with reasons) and whether the request is within the subject's usual pattern:
 *
 *   input.vigil = {
 *     time_ms, agent: {name, service}, subject, service,
 *     origin: {ip, peer, forwarded_for: [...], tls: {subject, fingerprint256} | null},
 *     risk: {subject: View, service: View},
 *     usual: {origin, request_rate, deny_rate, distinct_resources}
 *   }
 *   View = {score, local, fleet, reasons: [...], signals: {<name>: {level, reason, source, attributes}}}
 *   score = max(local, fleet, strongest signal level)
 *
 * The caller's input object is never modified: the policy gets a shallow copy with the
 * key added. An input that already has the key is refused (INPUT_RESERVED): otherwise a
 * client could claim its own risk. Non-object inputs are evaluated as they are.
 * After the decision, `observeOutcome` counts a deny against the same subject and service.
 */
import { MAX_RISK_REASONS, type RiskReportEntry, type RiskTarget, type Signal } from '@vigil/contracts';
import { EnforcementError } from '../errors';
import { DEFAULT_IDENTITY_PATHS, type IdentityPaths } from '../engine/request-identity';
import { EntityStats } from './entity-stats';
import { clientAddress, DEFAULT_TRUSTED_PROXIES, forwardedChain, type RequestOrigin } from './request-origin';
import { Z0 } from './risk-score';
import { RiskState } from './risk-state';

export interface RiskOptions {
  /** Key added to the input (default `vigil`). */
  readonly inputKey?: string;
  /** Subjects and services tracked at most (least recently seen are forgotten). */
  readonly subjectCapacity?: number;
  readonly serviceCapacity?: number;
  /** Window of the sliding counters and period of baseline updates (default 10 s). */
  readonly windowMs?: number;
  /** EWMA weight of each closed window (default 0.1). */
  readonly alpha?: number;
  /** How long an origin must be known before it is usual (default 10 min). */
  readonly originSettleMs?: number;
  /** Peers whose X-Forwarded-For is believed (default loopback). */
  readonly trustedProxies?: readonly string[];
  /** Where the input names the client address, tried before the transport's (first string wins). */
  readonly originPaths?: readonly string[];
  /** Where the input names the resource (for distinct-resource counts). */
  readonly resourcePaths?: readonly string[];
  /** This agent's name, shown to policies. */
  readonly agentName?: string;
  /** Smallest score change worth reporting to the control plane (default 0.05). */
  readonly reportDelta?: number;
}

export const DEFAULT_ORIGIN_PATHS = ['source_ip', 'client_ip', 'ip', 'context.ip', 'context.source_ip'];
export const DEFAULT_RESOURCE_PATHS = ['resource.id', 'resource', 'attributes.request.http.path', 'path'];

type Extract = (input: object) => string | undefined;

/** A first-match string extractor over dotted paths; no allocation per call. */
function firstString(paths: readonly string[]): Extract {
  const split = paths.map((p) => p.split('.'));
  return (input) => {
    for (const path of split) {
      let node: unknown = input;
      for (let i = 0; i < path.length && node !== undefined && node !== null; i++) node = typeof node === 'object' ? (node as Record<string, unknown>)[path[i]] : undefined;
      if (typeof node === 'string' && node.length > 0) return node;
      if (typeof node === 'number') return String(node);
    }
    return undefined;
  };
}

/** FNV-1a over at most 128 UTF-16 units; 0 is reserved for "none". */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  const n = Math.min(s.length, 128);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h === 0 ? 1 : h;
}

export interface RiskView {
  readonly score: number;
  readonly local: number;
  readonly fleet: number;
  readonly reasons: readonly string[];
  readonly signals: Readonly<Record<string, { level: number; reason: string | null; source: string; attributes: Record<string, unknown> | null }>>;
}

const ZERO_VIEW: RiskView = Object.freeze({ score: 0, local: 0, fleet: 0, reasons: Object.freeze([]) as readonly string[], signals: Object.freeze({}) });
const ZERO_VIEW_JSON = JSON.stringify(ZERO_VIEW);
const NO_CHAIN: string[] = [];

/** The four usual-pattern flags as bits (origin 1, request_rate 2, deny_rate 4, distinct_resources 8), objects and JSON precomputed. */
const ALL_USUAL = 15;
const USUAL_OBJECTS = Array.from({ length: 16 }, (_, b) => Object.freeze({ origin: !!(b & 1), request_rate: !!(b & 2), deny_rate: !!(b & 4), distinct_resources: !!(b & 8) }));
const USUAL_JSON = USUAL_OBJECTS.map((u) => JSON.stringify(u));
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export class RiskEngine {
  readonly subjects: EntityStats;
  readonly services: EntityStats;
  state = new RiskState();
  readonly inputKey: string;
  private readonly subjectOf: Extract;
  private readonly serviceOf: Extract;
  private readonly originOf: Extract;
  private readonly resourceOf: Extract;
  private readonly trusted: readonly string[];
  private readonly agent: Readonly<{ name: string | null; service: string | null }>;
  private readonly agentJson: string;
  private readonly keyJson: string;
  private readonly reportDelta: number;
  /** Slots of the decision in progress (decisions are synchronous, so one pair suffices). */
  private curSubject = -1;
  private curService = -1;

  constructor(opts: RiskOptions = {}, identity: IdentityPaths = DEFAULT_IDENTITY_PATHS, service?: string) {
    const windowMs = opts.windowMs ?? 10_000;
    const common = { windowMs, alpha: opts.alpha ?? 0.1, originSettleMs: opts.originSettleMs ?? 600_000 };
    this.subjects = new EntityStats({ ...common, capacity: opts.subjectCapacity ?? 100_000 });
    this.services = new EntityStats({ ...common, capacity: opts.serviceCapacity ?? 10_000 });
    this.inputKey = opts.inputKey ?? 'vigil';
    this.subjectOf = firstString(identity.subject);
    this.serviceOf = firstString(identity.service);
    this.originOf = firstString(opts.originPaths ?? DEFAULT_ORIGIN_PATHS);
    this.resourceOf = firstString(opts.resourcePaths ?? DEFAULT_RESOURCE_PATHS);
    this.trusted = opts.trustedProxies ?? DEFAULT_TRUSTED_PROXIES;
    this.agent = Object.freeze({ name: opts.agentName ?? null, service: service ?? null });
    this.agentJson = JSON.stringify(this.agent);
    this.keyJson = JSON.stringify(this.inputKey);
    this.reportDelta = opts.reportDelta ?? 0.05;
  }

  /** The input the policy sees: a copy of `input` with the risk context under `inputKey`. */
  enrich(input: unknown, origin: RequestOrigin | undefined, now: number): unknown {
    const c = this.observe(input, origin, now, 'objects');
    if (!c) return input;
    const ctx = {
      time_ms: now,
      agent: this.agent,
      subject: c.subject,
      service: c.service,
      origin: { ip: c.ip, peer: origin?.peer ?? null, forwarded_for: c.chain, tls: origin?.tls ?? null },
      risk: { subject: c.subjectView, service: c.serviceView },
      usual: USUAL_OBJECTS[c.usual],
    };
    return { ...(input as Record<string, unknown>), [this.inputKey]: ctx };
  }

  /**
   * The same as `enrich`, as JSON text: the context is written as text (constant pieces
   * precomputed, a calm subject's views are one constant string) and spliced after the
   * caller's fields, so the request path builds no context objects and stringifies the
   * caller's input once, as evaluating an object would anyway. Null for a non-object input.
   */
  enrichJson(input: unknown, origin: RequestOrigin | undefined, now: number): string | null {
    const c = this.observe(input, origin, now, 'json');
    if (!c) return null;
    const base = JSON.stringify(input);
    const o = origin;
    const ctx =
      `{"time_ms":${now},"agent":${this.agentJson},"subject":${c.subject === null ? 'null' : JSON.stringify(c.subject)},"service":${c.service === null ? 'null' : JSON.stringify(c.service)},` +
      `"origin":{"ip":${c.ip === null ? 'null' : JSON.stringify(c.ip)},"peer":${o?.peer ? JSON.stringify(o.peer) : 'null'},"forwarded_for":${c.chain.length ? JSON.stringify(c.chain) : '[]'},"tls":${o?.tls ? JSON.stringify(o.tls) : 'null'}},` +
      `"risk":{"subject":${c.subjectJson},"service":${c.serviceJson}},"usual":${USUAL_JSON[c.usual]}}`;
    return base.length === 2 ? `{${this.keyJson}:${ctx}}` : `${base.slice(0, -1)},${this.keyJson}:${ctx}}`;
  }

  /** Tracks the request and gathers what the context says about it (shared by both forms). */
  /**
   * Counts the request for anomaly detection without building a context, for policies that
   * cannot read it (the bundle says so: manifest `metadata.vigil_context: false`).
   */
  track(input: unknown, origin: RequestOrigin | undefined, now: number): void {
    this.observe(input, origin, now, 'track');
  }

  private observe(input: unknown, origin: RequestOrigin | undefined, now: number, mode: 'track' | 'objects' | 'json') {
    this.curSubject = this.curService = -1;
    if (!input || typeof input !== 'object' || Array.isArray(input)) return null;
    // Only where the context is written: a policy that cannot read it may take any input.
    if (mode !== 'track' && Object.prototype.hasOwnProperty.call(input, this.inputKey)) {
      throw new EnforcementError('INPUT_RESERVED', `input.${this.inputKey} is set by the agent (risk context); the request may not supply it`);
    }
    const subject = this.subjectOf(input) ?? null;
    // The calling service: named in the input, else the mutual-TLS client identity.
    const service = this.serviceOf(input) ?? origin?.tls?.subject ?? null;
    const chain = origin && origin.forwardedFor ? forwardedChain(origin.forwardedFor) : NO_CHAIN;
    const ip = this.originOf(input) ?? (origin ? clientAddress(origin, chain, this.trusted) : null);
    const originHash = ip ? hash32(ip) : 0;
    const resource = this.resourceOf(input);
    const resourceHash = resource ? hash32(resource) : 0;

    let usual = ALL_USUAL;
    let subjectView = ZERO_VIEW;
    let subjectJson = ZERO_VIEW_JSON;
    if (subject !== null) {
      const slot = (this.curSubject = this.subjects.observe(subject, originHash, resourceHash, now));
      if (mode !== 'track') {
        const usualOrigin = this.subjects.lastUsualOrigin;
        if (mode === 'json') subjectJson = this.viewJson('subject', subject, this.subjects, slot, now);
        else subjectView = this.view('subject', subject, this.subjects, slot, now);
        const z = this.subjects.lastZ;
        usual = (usualOrigin ? 1 : 0) | (z[0] <= Z0 ? 2 : 0) | (z[1] <= Z0 ? 4 : 0) | (z[2] <= Z0 ? 8 : 0);
      }
    }
    let serviceView = ZERO_VIEW;
    let serviceJson = ZERO_VIEW_JSON;
    if (service !== null) {
      const slot = (this.curService = this.services.observe(service, 0, resourceHash, now));
      if (mode === 'track') return null;
      else if (mode === 'json') serviceJson = this.viewJson('service', service, this.services, slot, now);
      else serviceView = this.view('service', service, this.services, slot, now);
    }
    return { subject, service, chain, ip, subjectView, serviceView, subjectJson, serviceJson, usual };
  }

  /** Counts the decision's outcome against the subject and service `enrich` saw. */
  observeOutcome(denied: boolean): void {
    if (denied) {
      if (this.curSubject >= 0) this.subjects.deny(this.curSubject);
      if (this.curService >= 0) this.services.deny(this.curService);
    }
    this.curSubject = this.curService = -1;
  }

  /** Scores that moved by at least `reportDelta` since they were last reported (drains the touched sets). */
  collectReport(now: number, max: number): RiskReportEntry[] {
    const out: RiskReportEntry[] = [];
    const collect = (target: RiskTarget, stats: EntityStats) =>
      stats.drainTouched((slot, value) => {
        if (out.length >= max) return false; // the rest wait for the next report
        const score = stats.score(slot, now);
        const last = stats.reported[slot];
        if (Math.abs(score - last) < this.reportDelta && score > 0 === last > 0) return;
        stats.reported[slot] = score;
        out.push({ target, value, score: r3(score), reasons: score > 0 ? stats.reasons(slot, now).slice(0, MAX_RISK_REASONS) : [] });
      });
    collect('subject', this.subjects);
    collect('service', this.services);
    return out;
  }

  /** The local score and reasons of one subject or service now (tests, the agent's /risk). */
  local(target: RiskTarget, value: string, now = Date.now()): { score: number; reasons: string[] } {
    const stats = target === 'subject' ? this.subjects : this.services;
    const slot = stats.table.peek(value);
    if (slot < 0) return { score: 0, reasons: [] };
    const score = stats.score(slot, now);
    return { score: r3(score), reasons: score > 0 ? stats.reasons(slot, now) : [] };
  }

  /**
   * `view` as JSON. The common cases cost little: a calm entity without fleet risk or
   * signals is one constant string, a risky one's reasons are reused as JSON while its
   * score holds (EntityStats.cachedJson); only fleet risk or signals build the object.
   */
  private viewJson(target: RiskTarget, value: string, stats: EntityStats, slot: number, now: number): string {
    const local = stats.score(slot, now);
    if (!this.state.fleetRisk(target, value) && !this.state.signals(target, value)) {
      if (local === 0) return ZERO_VIEW_JSON;
      const l = r3(local);
      return `{"score":${l},"local":${l},"fleet":0,"reasons":${stats.cachedJson(slot, now, local, () => JSON.stringify(stats.cachedReasons(slot, now, local)))},"signals":{}}`;
    }
    return JSON.stringify(this.view(target, value, stats, slot, now));
  }

  private view(target: RiskTarget, value: string, stats: EntityStats, slot: number, now: number): RiskView {
    const local = stats.score(slot, now);
    const entry = this.state.fleetRisk(target, value);
    const sig = this.state.signals(target, value);
    if (local === 0 && !entry && !sig) return ZERO_VIEW;
    const fleet = entry ? this.state.fleetScore(entry, now) : 0;
    let score = Math.max(local, fleet);
    const reasons: string[] = local > 0 ? [...stats.cachedReasons(slot, now, local)] : [];
    if (entry && fleet > 0) for (const r of entry.reasons) reasons.push(`fleet: ${r}`);
    const signals: Record<string, RiskView['signals'][string]> = {};
    if (sig) {
      for (const s of sig.values()) {
        if (expired(s, now)) continue;
        signals[s.name] = { level: s.level, reason: s.reason ?? null, source: s.source, attributes: s.attributes ?? null };
        if (s.level > score) score = s.level;
        if (s.level > 0) reasons.push(`signal ${s.name} (${s.source})${s.reason ? `: ${s.reason}` : ''}`);
      }
    }
    return { score: r3(score), local: r3(local), fleet: r3(fleet), reasons, signals };
  }
}

function expired(s: Signal, now: number): boolean {
  return !!s.expires_at && Date.parse(s.expires_at) <= now;
}
