/**
 * The authors' and admins' workflow against a control plane: login, push/pull of a policy
 * directory, revoke, agents, decisions. Each command returns its exit code (see EXIT).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { compilePolicy, LoadPathError, loadPaths, RegoCompileError, runRegoTests, type Io } from '@vigil/rego';
import { CliError, ControlPlaneClient, EXIT, loadLogin, saveLogin, type ApiErrorBody } from './control-plane-client';

const POLICY_ID = /^[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?$/;

async function guarded(io: Io, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`vigil: ${e.message}\n`);
      printApiDetails(io, e.details);
      return e.exitCode;
    }
    if (e instanceof LoadPathError) {
      io.err(`vigil: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

/** Diagnostics and failing tests from a 422, one per line. */
function printApiDetails(io: Io, body: unknown): void {
  const details = (body as ApiErrorBody | undefined)?.details as { diagnostics?: { code: string; message: string; location: { file: string; row: number; col: number } }[]; tests?: { failed: string[] } } | undefined;
  for (const d of details?.diagnostics ?? []) io.err(`  ${d.location.file}:${d.location.row}:${d.location.col}: ${d.code}: ${d.message}\n`);
  for (const t of details?.tests?.failed ?? []) io.err(`  FAIL ${t}\n`);
}

export function loginCommand(opts: { url: string; apiKey?: string }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const apiKey = opts.apiKey ?? process.env.VIGIL_API_KEY;
    if (!apiKey) throw new CliError('give --api-key (or set VIGIL_API_KEY)', EXIT.usage);
    if (!/^https?:\/\//.test(opts.url)) throw new CliError(`--url must be an http(s) URL, got ${JSON.stringify(opts.url)}`, EXIT.usage);
    const login = { url: opts.url.replace(/\/+$/, ''), apiKey };
    const { head } = await new ControlPlaneClient(login).call<{ head: number }>('GET', '/v1/revisions?limit=1');
    saveLogin(login);
    io.out(`logged in to ${login.url} (head revision ${head})\n`);
    return EXIT.ok;
  });
}

/** `authz/rbac.rego` under the pushed directory → policy id `authz.rbac`. */
export function policyIdFor(root: string, file: string): string {
  const id = relative(root, file).replace(/\.rego$/, '').split(sep).join('.').toLowerCase();
  if (!POLICY_ID.test(id)) throw new CliError(`${file}: cannot be a policy id (${JSON.stringify(id)}): use lower-case letters, digits, ".", "_" or "-"`, EXIT.usage);
  return id;
}

const SCOPE = /^(\*|[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?)$/;

/**
 * Publishes a directory. With `scope`, the directory is that bundle scope's policy set: its
 * policies go (or move) into the scope, the shared policies (`*`) on the control plane are
 * compiled and tested with it locally as they will be there, and `prune` removes only that
 * scope's policies missing from the directory. Without it, policies keep their scopes (new
 * ones go to `default`) and the directory is the whole set.
 */
export function pushCommand(dir: string, opts: { message?: string; prune?: boolean; dryRun?: boolean; scope?: string }, io: Io): Promise<number> {
  return guarded(io, async () => {
    if (opts.scope !== undefined && !SCOPE.test(opts.scope)) throw new CliError(`--scope must be a bundle scope name or "*", got ${JSON.stringify(opts.scope)}`, EXIT.usage);
    const client = new ControlPlaneClient(loadLogin());
    const { modules, data } = loadPaths([dir]);
    if (modules.length === 0) throw new CliError(`${dir}: no .rego files`, EXIT.usage);
    const policies = modules.map((m) => ({ id: policyIdFor(dir, m.path), source: m.source }));
    const local = new Set(policies.map((p) => p.id));
    const inScope = opts.scope === undefined ? '' : `&bundleScope=${encodeURIComponent(opts.scope)}`;
    const published = await client.call<{ items: { id: string }[] }>('GET', `/v1/policies?limit=500${inScope}`);
    // A scope's bundle also holds the shared policies: compile and test with them, as the control plane will.
    const shared = opts.scope === undefined || opts.scope === '*' ? [] : await sharedModules(client, local);
    const compiled = [...modules, ...shared];
    io.err(`compiling ${modules.length} module${modules.length === 1 ? '' : 's'}${shared.length ? ` with ${shared.length} shared` : ''}…\n`);
    try {
      compilePolicy({ modules: compiled });
    } catch (e) {
      if (!(e instanceof RegoCompileError)) throw e;
      io.err(`${e.message}\n`);
      return EXIT.refused;
    }
    io.err('running tests…\n');
    const results = await runRegoTests({ modules: compiled, data });
    const failed = results.filter((r) => !r.passed);
    for (const r of failed) io.err(`  FAIL ${r.name}${r.error ? ` (${r.error})` : ''}\n`);
    io.err(`${results.length - failed.length} passed, ${failed.length} failed\n`);
    if (failed.length > 0) return EXIT.refused;

    const extra = published.items.map((p) => p.id).filter((id) => !local.has(id));
    const where = opts.scope === undefined ? '' : ` in scope ${opts.scope}`;
    if (extra.length > 0 && !opts.prune) io.err(`note: on the control plane${where} but not in ${dir}: ${extra.join(', ')} (kept; --prune removes them)\n`);
    const body = {
      policies,
      ...(opts.scope !== undefined ? { bundleScope: opts.scope } : {}),
      ...(opts.prune && extra.length ? { remove: extra } : {}),
      ...(opts.message ? { message: opts.message } : {}),
    };
    if (opts.dryRun) {
      const report = await client.call<{ ok: boolean; compile: { ok: boolean }; tests: { passed: number; failed: string[] } | null }>('POST', '/v1/policies/dry-run', {
        policies: body.policies,
        remove: body.remove,
        bundleScope: body.bundleScope,
      });
      io.out(`dry run against the control plane: ${report.ok ? 'would publish' : 'would be refused'}${report.tests ? ` (${report.tests.passed} tests pass, ${report.tests.failed.length} fail)` : ''}\n`);
      return report.ok ? EXIT.ok : EXIT.refused;
    }
    io.err(`publishing ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}${where}${body.remove ? ` and removing ${body.remove.length}` : ''}…\n`);
    const res = await client.call<{ revision: number; policies: { id: string; version: number; deleted: boolean }[]; bundles?: { scope: string; sha256: string }[] }>('POST', '/v1/policies/publish', body);
    for (const p of res.policies) io.err(`  ${p.deleted ? 'removed' : `${p.id} v${p.version}`}${p.deleted ? ` ${p.id}` : ''}\n`);
    if (res.bundles && res.bundles.length > 0) io.err(`  bundle${res.bundles.length === 1 ? '' : 's'} rebuilt: ${res.bundles.map((b) => b.scope).join(', ')}\n`);
    io.out(`published revision ${res.revision}\n`);
    return EXIT.ok;
  });
}

/** The shared (`*`) policies on the control plane, except those the directory replaces, as modules. */
async function sharedModules(client: ControlPlaneClient, replaced: ReadonlySet<string>) {
  const list = await client.call<{ items: { id: string }[] }>('GET', '/v1/policies?limit=500&bundleScope=*');
  const out = [];
  for (const { id } of list.items) {
    if (replaced.has(id)) continue;
    const p = await client.call<{ source: string }>('GET', `/v1/policies/${encodeURIComponent(id)}`);
    out.push({ path: `(shared) ${id}.rego`, source: p.source });
  }
  return out;
}

export function pullCommand(dir: string, opts: { force?: boolean; scope?: string }, io: Io): Promise<number> {
  return guarded(io, async () => {
    if (opts.scope !== undefined && !SCOPE.test(opts.scope)) throw new CliError(`--scope must be a bundle scope name or "*", got ${JSON.stringify(opts.scope)}`, EXIT.usage);
    const client = new ControlPlaneClient(loadLogin());
    const list = await client.call<{ items: { id: string }[]; total: number }>('GET', `/v1/policies?limit=500${opts.scope === undefined ? '' : `&bundleScope=${encodeURIComponent(opts.scope)}`}`);
    if (existsSync(dir) && !opts.force && readdirSync(dir).some((f) => f.endsWith('.rego'))) {
      throw new CliError(`${dir} already holds .rego files: pull into an empty directory or pass --force to overwrite`, EXIT.usage);
    }
    mkdirSync(dir, { recursive: true });
    let revision = 0;
    for (const { id } of list.items) {
      const p = await client.call<{ source: string; revision: number; version: number }>('GET', `/v1/policies/${encodeURIComponent(id)}`);
      writeFileSync(join(dir, `${id}.rego`), p.source);
      revision = Math.max(revision, p.revision);
      io.err(`  ${id}.rego (v${p.version})\n`);
    }
    io.out(`pulled ${list.items.length} polic${list.items.length === 1 ? 'y' : 'ies'} into ${basename(dir)} (policy revision ${revision})\n`);
    return EXIT.ok;
  });
}

export function revokeCommand(kind: string, value: string, opts: { reason?: string; expires?: string }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const kinds = ['subject', 'token_id', 'session', 'service'];
    if (!kinds.includes(kind)) throw new CliError(`kind must be one of ${kinds.join(', ')}`, EXIT.usage);
    const client = new ControlPlaneClient(loadLogin());
    const r = await client.call<{ id: string; revision: number }>('POST', '/v1/revocations', { kind, value, ...(opts.reason ? { reason: opts.reason } : {}), ...(opts.expires ? { expiresAt: opts.expires } : {}) });
    io.out(`revoked ${kind} ${value} at revision ${r.revision} (id ${r.id})\n`);
    return EXIT.ok;
  });
}

interface AgentRow {
  name: string;
  service: string;
  state: string;
  applied_revision: number;
  lag: number;
  acked_at: string | null;
  labels: Record<string, string>;
}

export function agentsCommand(opts: { json?: boolean }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const agents = await new ControlPlaneClient(loadLogin()).call<AgentRow[]>('GET', '/v1/distribution/agents');
    if (opts.json) {
      io.out(`${JSON.stringify(agents, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = [['NAME', 'SERVICE', 'STATE', 'APPLIED', 'LAG', 'LAST SEEN', 'LABELS'], ...agents.map((a) => [a.name, a.service, a.state, String(a.applied_revision), a.lag > 0 && a.state === 'connected' ? `${a.lag} (drift)` : String(a.lag), a.acked_at ?? '-', Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(',')])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) io.out(`${r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()}\n`);
    return EXIT.ok;
  });
}

interface DecisionRow {
  decision_id: string;
  timestamp: string;
  path: string;
  input: unknown;
  allowed: boolean;
  reason: string | null;
  revision: number;
}

function decisionLine(d: DecisionRow): string {
  const i = d.input as Record<string, unknown> | null;
  const s = i && typeof i === 'object' ? (i.subject ?? i.user ?? i.sub) : undefined;
  const subject = typeof s === 'string' ? s : s && typeof s === 'object' && typeof (s as { id?: unknown }).id === 'string' ? (s as { id: string }).id : '-';
  return `${d.timestamp}  ${d.allowed ? 'allow' : 'DENY '}  ${d.path}  subject=${subject}  rev=${d.revision}${d.reason ? `  reason=${d.reason}` : ''}\n`;
}

export function decisionsCommand(opts: { follow?: boolean; subject?: string; path?: string; denied?: boolean; limit?: string; intervalMs?: number; signal?: AbortSignal }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const client = new ControlPlaneClient(loadLogin());
    const filter = new URLSearchParams();
    if (opts.subject) filter.set('subject', opts.subject);
    if (opts.path) filter.set('path', opts.path);
    if (opts.denied) filter.set('allowed', 'false');
    const limit = Number(opts.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliError('--limit must be 1-500', EXIT.usage);
    const fetchPage = (since?: string) => {
      const q = new URLSearchParams(filter);
      q.set('limit', String(limit));
      if (since) q.set('since', since);
      return client.call<{ items: DecisionRow[] }>('GET', `/v1/decisions?${q}`, undefined, opts.signal);
    };
    const first = await fetchPage();
    const seen = new Set<string>();
    for (const d of [...first.items].reverse()) {
      seen.add(d.decision_id);
      io.out(decisionLine(d));
    }
    if (!opts.follow) return EXIT.ok;
    // Follow: poll for decisions since the newest seen (agents send them in batches), oldest first.
    let since = first.items[0]?.timestamp ?? new Date().toISOString();
    while (!opts.signal?.aborted) {
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
      let page;
      try {
        page = await fetchPage(since);
      } catch (e) {
        if ((e as Error).name === 'AbortError') break;
        throw e;
      }
      for (const d of [...page.items].reverse()) {
        if (seen.has(d.decision_id)) continue;
        seen.add(d.decision_id);
        io.out(decisionLine(d));
        if (d.timestamp > since) since = d.timestamp;
      }
      if (seen.size > 10_000) seen.clear();
    }
    return EXIT.ok;
  });
}
