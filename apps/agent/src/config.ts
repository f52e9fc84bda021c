/**
 * Agent configuration from flags and environment (flags win), validated once at start:
 * a bad value stops the agent with a message naming the flag, never a silent default.
 */
import { readFileSync } from 'node:fs';
import { importTrustedKeys, type TrustedKeys } from '@vigil/contracts';
import { parseIdentityPaths, type IdentityPaths, type RiskOptions, type StaleMode } from '@vigil/agent-sdk';

export class AgentConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'AgentConfigError';
  }
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface AgentConfig {
  readonly controlPlane: string;
  readonly token: string;
  readonly trustedKeys: TrustedKeys;
  readonly listen: HostPort;
  readonly upstream: string | null;
  readonly proxyListen: HostPort | null;
  readonly dataDir: string;
  readonly service: string | undefined;
  readonly maxStalenessMs: number;
  readonly staleMode: StaleMode;
  readonly staleModeByEntrypoint: Record<string, StaleMode>;
  readonly minRevisionWaitMs: number;
  readonly maxBodyBytes: number;
  readonly authzenEntrypoint: string;
  readonly extAuthzEntrypoint: string;
  readonly proxyEntrypoint: string;
  readonly maskPaths: string[];
  readonly decisionLog: boolean;
  readonly spoolMaxBytes: number;
  readonly identityPaths: IdentityPaths;
  /** Risk context and anomaly tracking; false with `--risk off`. */
  readonly risk: RiskOptions | false;
}

/** Raw option values as commander or the environment give them. */
export type RawAgentOptions = Partial<Record<keyof typeof ENV, string | undefined>>;

/** Option name → environment variable. */
export const ENV = {
  controlPlane: 'VIGIL_CONTROL_PLANE',
  token: 'VIGIL_AGENT_TOKEN',
  trustedKeys: 'VIGIL_TRUSTED_KEYS',
  listen: 'VIGIL_LISTEN',
  upstream: 'VIGIL_UPSTREAM',
  proxyListen: 'VIGIL_PROXY_LISTEN',
  dataDir: 'VIGIL_AGENT_DATA_DIR',
  service: 'VIGIL_SERVICE',
  maxStaleness: 'VIGIL_MAX_STALENESS',
  staleMode: 'VIGIL_STALE_MODE',
  minRevisionWait: 'VIGIL_MIN_REVISION_WAIT',
  maxBody: 'VIGIL_MAX_BODY',
  authzenEntrypoint: 'VIGIL_AUTHZEN_ENTRYPOINT',
  extAuthzEntrypoint: 'VIGIL_EXT_AUTHZ_ENTRYPOINT',
  proxyEntrypoint: 'VIGIL_PROXY_ENTRYPOINT',
  mask: 'VIGIL_DECISION_LOG_MASK',
  decisionLog: 'VIGIL_DECISION_LOG',
  spoolMax: 'VIGIL_DECISION_LOG_SPOOL_MAX',
  revocationFields: 'VIGIL_REVOCATION_FIELDS',
  risk: 'VIGIL_RISK',
  riskWindow: 'VIGIL_RISK_WINDOW',
  riskOriginSettle: 'VIGIL_RISK_ORIGIN_SETTLE',
  riskSubjects: 'VIGIL_RISK_SUBJECTS',
  trustedProxies: 'VIGIL_TRUSTED_PROXIES',
  agentName: 'VIGIL_AGENT_NAME',
} as const;

/** `10s`, `250ms`, `2m`, or a bare number of milliseconds. */
export function parseDuration(v: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim());
  if (!m) throw new AgentConfigError(`${flag}: ${JSON.stringify(v)} is not a duration (e.g. 10s, 500ms)`);
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n);
}

/** `64MiB`, `1mb`, `512k` or bytes. */
export function parseBytes(v: string, flag: string): number {
  const m = /^(\d+)\s*(k|kb|kib|m|mb|mib)?$/i.exec(v.trim());
  if (!m) throw new AgentConfigError(`${flag}: ${JSON.stringify(v)} is not a size (e.g. 1MiB, 512k)`);
  const unit = (m[2] ?? '').toLowerCase();
  return Number(m[1]) * (unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1);
}

export function parseHostPort(v: string, flag: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(v.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new AgentConfigError(`${flag}: ${JSON.stringify(v)} is not host:port (e.g. 127.0.0.1:8181)`);
  return { host: m[1] ?? m[2], port };
}

/** Trusted keys: inline JSON (a JWK, a list, or a JWKS) or `@file`. */
function parseTrustedKeys(v: string): TrustedKeys {
  let text = v.trim();
  try {
    if (text.startsWith('@')) text = readFileSync(text.slice(1), 'utf8');
    const parsed = JSON.parse(text) as unknown;
    return importTrustedKeys(Array.isArray(parsed) || (parsed as { keys?: unknown }).keys ? (parsed as never) : [parsed]);
  } catch (e) {
    throw new AgentConfigError(`--trusted-keys: ${(e as Error).message}`);
  }
}

function parseStaleModes(v: string | undefined): { mode: StaleMode; byEntrypoint: Record<string, StaleMode> } {
  const out = { mode: 'deny' as StaleMode, byEntrypoint: {} as Record<string, StaleMode> };
  for (const part of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [a, b] = part.includes('=') ? part.split('=') : [undefined, part];
    if (b !== 'deny' && b !== 'serve') throw new AgentConfigError(`--stale-mode: ${JSON.stringify(part)} must be deny|serve or entrypoint=deny|serve`);
    if (a) out.byEntrypoint[a] = b;
    else out.mode = b;
  }
  return out;
}

function parseRisk(get: (k: keyof typeof ENV) => string | undefined): RiskOptions | false {
  const mode = get('risk') ?? 'on';
  if (mode !== 'on' && mode !== 'off') throw new AgentConfigError(`--risk: ${JSON.stringify(mode)} must be on or off`);
  if (mode === 'off') return false;
  const subjects = Number(get('riskSubjects') ?? 100_000);
  if (!Number.isSafeInteger(subjects) || subjects < 1) throw new AgentConfigError(`--risk-subjects: ${JSON.stringify(get('riskSubjects'))} must be a positive integer`);
  const windowMs = parseDuration(get('riskWindow') ?? '10s', '--risk-window');
  if (windowMs < 100) throw new AgentConfigError('--risk-window must be at least 100ms');
  const proxies = get('trustedProxies');
  return {
    windowMs,
    originSettleMs: parseDuration(get('riskOriginSettle') ?? '10m', '--risk-origin-settle'),
    subjectCapacity: subjects,
    trustedProxies: proxies === undefined ? undefined : proxies.split(',').map((x) => x.trim()).filter(Boolean),
    agentName: get('agentName'),
  };
}

export function resolveConfig(flags: RawAgentOptions, env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const get = (k: keyof typeof ENV): string | undefined => flags[k] ?? env[ENV[k]] ?? undefined;
  const controlPlane = get('controlPlane');
  if (!controlPlane || !/^https?:\/\//.test(controlPlane)) throw new AgentConfigError(`--control-plane (or ${ENV.controlPlane}) must be an http(s) URL`);
  const rawToken = get('token');
  if (!rawToken) throw new AgentConfigError(`--token (or ${ENV.token}) is required: the one-time token from POST /v1/agents`);
  // `@file` keeps the secret out of the process list and environment dumps (compose, k8s secrets).
  let token = rawToken;
  if (rawToken.startsWith('@')) {
    try {
      token = readFileSync(rawToken.slice(1), 'utf8').trim();
    } catch (e) {
      throw new AgentConfigError(`--token ${rawToken}: cannot read the file (${(e as Error).message})`);
    }
    if (!token) throw new AgentConfigError(`--token ${rawToken}: the file is empty`);
  }
  const keys = get('trustedKeys');
  if (!keys) throw new AgentConfigError(`--trusted-keys (or ${ENV.trustedKeys}) is required: the control plane's public key(s) from GET /v1/keys, inline JSON or @file`);
  const listen = parseHostPort(get('listen') ?? '127.0.0.1:8181', '--listen');
  const upstream = get('upstream') ?? null;
  if (upstream && !/^https?:\/\//.test(upstream)) throw new AgentConfigError('--upstream must be an http(s) URL');
  const proxyListenRaw = get('proxyListen');
  const proxyListen = upstream ? parseHostPort(proxyListenRaw ?? `${listen.host}:${listen.port + 1}`, '--proxy-listen') : null;
  const stale = parseStaleModes(get('staleMode'));
  let identityPaths: IdentityPaths;
  try {
    identityPaths = parseIdentityPaths(get('revocationFields'));
  } catch (e) {
    throw new AgentConfigError(`--revocation-fields: ${(e as Error).message}`);
  }
  return {
    controlPlane,
    token,
    trustedKeys: parseTrustedKeys(keys),
    listen,
    upstream,
    proxyListen,
    dataDir: get('dataDir') ?? './.vigil/agent',
    service: get('service'),
    maxStalenessMs: parseDuration(get('maxStaleness') ?? '10s', '--max-staleness'),
    staleMode: stale.mode,
    staleModeByEntrypoint: stale.byEntrypoint,
    minRevisionWaitMs: parseDuration(get('minRevisionWait') ?? '2s', '--min-revision-wait'),
    maxBodyBytes: parseBytes(get('maxBody') ?? '1MiB', '--max-body'),
    authzenEntrypoint: get('authzenEntrypoint') ?? 'authz/allow',
    extAuthzEntrypoint: get('extAuthzEntrypoint') ?? 'authz/allow',
    proxyEntrypoint: get('proxyEntrypoint') ?? get('extAuthzEntrypoint') ?? 'authz/allow',
    maskPaths: (get('mask') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    decisionLog: (get('decisionLog') ?? 'on') !== 'off',
    spoolMaxBytes: parseBytes(get('spoolMax') ?? '64MiB', '--decision-log-spool-max'),
    identityPaths,
    risk: parseRisk(get),
  };
}
