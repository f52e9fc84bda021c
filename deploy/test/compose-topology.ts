/**
 * docker-compose.yml run without Docker: every service becomes a real process on loopback,
 * started with the command and environment the file (and its Dockerfile) give it, through an
 * explicit container → host mapping:
 *  - an image built from a Dockerfile is a folder of symlinks to exactly what its final stage
 *    COPYs (so the app sees /app/dist, /app/node_modules... and nothing else of the checkout);
 *    node runs with --preserve-symlinks so paths found from __dirname stay inside that folder;
 *  - `node:*` images get the repo's node; bind mounts are repo folders; named volumes are
 *    temp folders shared by the services that mount them;
 *  - the `postgres` service is a scratch database on the local server (the URL's credentials
 *    and database name are checked against the service's POSTGRES_* variables, then replaced);
 *  - `http://<service>:<port>` in an environment value becomes that service's loopback port,
 *    and each listen address (0.0.0.0:<port> inside the container) a free loopback port;
 *  - `depends_on` conditions are honoured: service_healthy runs the healthcheck command
 *    (compose's or the image's HEALTHCHECK) with the container's loopback port mapped.
 * Whatever the mapping cannot honour throws an error naming the service and the value.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../apps/control-plane/src/config/config';
import { resolveConfig } from '../../apps/agent/src/config';
import { Proc, freePort, waitFor } from '../../apps/agent/test/processes';
import { readDockerfile, type Dockerfile } from './dockerfile';

export const ROOT = resolve(__dirname, '..', '..');
export const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

/** uid/gid of `node` in the official Node images. */
const NODE_UID = 1000;

/* eslint-disable @typescript-eslint/no-explicit-any -- the compose document is untyped YAML, checked field by field */
type Doc = any;

export interface Published {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
}

export interface Mount {
  readonly target: string;
  readonly host: string;
}

export type ServiceKind =
  | { readonly kind: 'postgres' }
  | { readonly kind: 'built'; readonly dockerfile: Dockerfile; readonly app: string }
  | { readonly kind: 'node-image'; readonly image: string };

export interface Service {
  readonly name: string;
  readonly doc: Doc;
  readonly kind: ServiceKind;
  readonly environment: Record<string, string>;
  readonly dependsOn: Record<string, string>;
  readonly published: readonly Published[];
}

/** Substitutes ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR and $$ the way compose does. */
export function interpolate(value: unknown, vars: Record<string, string>, where = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\$|\$\{([A-Za-z_]\w*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_]\w*)/g, (all, braced, op, dflt, bare) => {
      if (all === '$$') return '$';
      const name = (braced ?? bare) as string;
      const v = vars[name];
      if (op === ':-' && !v) return dflt as string;
      if (op === '-' && v === undefined) return dflt as string;
      if (v === undefined) throw new Error(`docker-compose.yml ${where} uses \${${name}}, which the header's steps do not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, vars, `${where}[${i}]`));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, `${where}.${k}`)]));
  return value;
}

function environmentOf(name: string, env: Doc): Record<string, string> {
  if (env === undefined) return {};
  const entries: [string, unknown][] = Array.isArray(env)
    ? env.map((e: string) => {
        const eq = e.indexOf('=');
        return eq < 0 ? [e, null] : [e.slice(0, eq), e.slice(eq + 1)];
      })
    : Object.entries(env);
  return Object.fromEntries(
    entries.map(([k, v]) => {
      if (v === null || v === undefined) throw new Error(`${name}: environment ${k} has no value (compose would pass the host's): give it one`);
      return [k, String(v)];
    }),
  );
}

function publishedOf(name: string, ports: Doc): Published[] {
  return ((ports ?? []) as unknown[]).map((p) => {
    const m = typeof p === 'string' || typeof p === 'number' ? /^(?:(?:([\d.]+):)?(\d+):)?(\d+)(?:\/tcp)?$/.exec(String(p)) : null;
    if (!m || !m[2]) throw new Error(`${name}: ports entry ${JSON.stringify(p)} is not [ip:]hostPort:containerPort`);
    return { hostIp: m[1] ?? '0.0.0.0', hostPort: Number(m[2]), containerPort: Number(m[3]) };
  });
}

function dependsOf(name: string, d: Doc): Record<string, string> {
  if (d === undefined) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((s: string) => [s, 'service_started']));
  return Object.fromEntries(
    Object.entries(d).map(([s, v]) => {
      const cond = (v as { condition?: string }).condition ?? 'service_started';
      if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(cond)) throw new Error(`${name}: depends_on ${s} has unknown condition ${cond}`);
      return [s, cond];
    }),
  );
}

export interface Compose {
  readonly doc: Doc;
  readonly services: Record<string, Service>;
}

/** Parses docker-compose.yml (merge keys on) with `vars` substituted. */
export function loadCompose(vars: Record<string, string>): Compose {
  const doc = interpolate(parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }), vars) as Doc;
  const services: Record<string, Service> = {};
  for (const [name, s] of Object.entries(doc.services as Record<string, Doc>)) {
    let kind: ServiceKind;
    if (s.build) {
      if (typeof s.build !== 'object' || !s.build.dockerfile) throw new Error(`${name}: build needs context and dockerfile`);
      const path = join(ROOT, s.build.context ?? '.', s.build.dockerfile);
      if (!existsSync(path)) throw new Error(`${name}: ${relative(ROOT, path)} does not exist`);
      const app = /^apps\/([^/]+)\/Dockerfile$/.exec(relative(ROOT, path))?.[1];
      if (!app) throw new Error(`${name}: ${relative(ROOT, path)} is not apps/<app>/Dockerfile`);
      kind = { kind: 'built', dockerfile: readDockerfile(path), app };
    } else if (/^postgres:/.test(s.image ?? '')) kind = { kind: 'postgres' };
    else if (/^node:/.test(s.image ?? '')) kind = { kind: 'node-image', image: s.image };
    else throw new Error(`${name}: image ${s.image} has no mapping to a local process`);
    services[name] = { name, doc: s, kind, environment: environmentOf(name, s.environment), dependsOn: dependsOf(name, s.depends_on), published: publishedOf(name, s.ports) };
  }
  for (const s of Object.values(services)) {
    for (const d of Object.keys(s.dependsOn)) if (!services[d]) throw new Error(`${s.name}: depends_on ${d}, which is no service`);
  }
  return { doc, services };
}

/** The node major version of an image tag (node:20-bookworm-slim → 20). */
export function nodeMajorOf(image: string): number {
  const m = /^node:(\d+)/.exec(image);
  if (!m) throw new Error(`${image}: no node major version in the tag`);
  return Number(m[1]);
}

/**
 * What an image built from `df` holds under its WORKDIR: container path → repo path, from
 * the final stage's COPYs. A COPY --from=<stage> reads a stage that did `COPY . .` into its
 * WORKDIR, so its source is a repo path (or a build output there). Renaming copies are refused.
 */
export function imageFiles(df: Dockerfile): Mount[] {
  const out: Mount[] = [];
  for (const c of df.final.copies) {
    for (const src of c.sources) {
      let rel: string;
      if (c.from === null) rel = posix.normalize(src);
      else {
        const stage = df.stages.find((s) => s.name === c.from);
        if (!stage) throw new Error(`${df.path}: COPY --from=${c.from}: no such stage`);
        const ctx = stage.copies.find((x) => x.from === null && x.sources.length === 1 && x.sources[0] === '.');
        if (!ctx) throw new Error(`${df.path}: stage ${c.from} does not COPY . into its WORKDIR, so ${src} has no repo path`);
        const base = posix.resolve(ctx.workdir, ctx.dest);
        const abs = posix.resolve(stage.workdir, src);
        if (!abs.startsWith(`${base}/`)) throw new Error(`${df.path}: COPY --from=${c.from} ${src} is outside ${base}, where the stage holds the repo`);
        rel = abs.slice(base.length + 1);
      }
      const dest = c.dest.endsWith('/') ? posix.join(posix.resolve(c.workdir, c.dest), posix.basename(rel)) : posix.resolve(c.workdir, c.dest);
      if (rel === '.' || dest !== posix.join(df.final.workdir, rel)) {
        throw new Error(`${df.path}: COPY ${src} ${c.dest} puts ${rel} at ${dest}, not at ${posix.join(df.final.workdir, rel)}: the mapping of the image to the checkout needs the same relative path`);
      }
      out.push({ target: dest, host: join(ROOT, rel) });
    }
  }
  return out;
}

/** Environment variables each program reads, found in its config loader's source. */
export function variablesRead(files: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const script = /\.m?js$/.test(f);
    // Loaders name variables as string literals; plain scripts destructure process.env.
    for (const m of text.matchAll(script ? /\b([A-Z][A-Z0-9_]{2,})\b/g : /'([A-Z][A-Z0-9_]{2,})'/g)) names.add(m[1]);
  }
  return names;
}

/** The config loader sources of an app: apps/<app>/src/config*.ts and apps/<app>/src/config/*.ts, specs excluded. */
export function configLoaders(app: string): string[] {
  const src = join(ROOT, 'apps', app, 'src');
  const out: string[] = [];
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) for (const f of readdirSorted(p)) visit(join(p, f));
    else if (/\.ts$/.test(p) && !/\.spec\.ts$/.test(p)) out.push(p);
  };
  for (const f of readdirSorted(src)) if (/^config/.test(f)) visit(join(src, f));
  if (out.length === 0) throw new Error(`apps/${app}/src has no config loader (config*.ts)`);
  return out;
}

function readdirSorted(dir: string): string[] {
  return readdirSync(dir).sort();
}

/**
 * Bare packages a built entry file loads, and the files it loads, following its relative
 * requires (dist/ output is CommonJS; dynamic imports compile to require too). Node builtins
 * are left out.
 */
export function packagesLoaded(entry: string): { packages: Map<string, string>; files: Set<string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>(); // package → first file that loads it
  const builtins = new Set(builtinModules);
  const resolveFile = (p: string): string | null => {
    for (const c of [p, `${p}.js`, `${p}.json`, join(p, 'index.js')]) if (existsSync(c) && statSync(c).isFile()) return c;
    return null;
  };
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    if (!file.endsWith('.js')) return;
    for (const m of readFileSync(file, 'utf8').matchAll(/\brequire\((["'])([^"']+)\1\)/g)) {
      const spec = m[2];
      if (spec.startsWith('.')) {
        const f = resolveFile(resolve(dirname(file), spec));
        if (!f) throw new Error(`${relative(ROOT, file)} requires ${spec}, which does not exist`);
        visit(f);
      } else if (!spec.startsWith('node:') && !builtins.has(spec.split('/')[0])) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!packages.has(pkg)) packages.set(pkg, relative(ROOT, file));
      }
    }
  };
  visit(entry);
  return { packages, files };
}

/** dist/X.js is only a build output if src X.ts still exists (swc never cleans dist/). */
export function sourceOfDist(file: string): string | null {
  const rel = relative(join(ROOT, 'dist'), file);
  if (rel.startsWith('..')) return null;
  const ts = join(ROOT, rel.replace(/\.js$/, '.ts'));
  return existsSync(ts) ? ts : null;
}

interface Listener {
  readonly containerPort: number;
  /** Environment that moves it to a loopback port. */
  readonly move: (port: number) => Record<string, string>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface Running {
  readonly service: Service;
  readonly proc: Proc | null;
  /** container port → loopback port */
  readonly ports: Map<number, number>;
  readonly env: Record<string, string>;
  readonly argv: readonly string[];
  readonly mounts: readonly Mount[];
  readonly workdir: string;
  readonly uid: number | undefined;
}

export class Topology {
  private readonly running = new Map<string, Promise<Running>>();
  private readonly procs: Proc[] = [];
  private readonly volumes = new Map<string, string>();
  private readonly images = new Map<string, string>();

  constructor(
    readonly compose: Compose,
    /** Scratch database URL on the local server, standing in for the postgres service. */
    private readonly databaseUrl: string,
    /** A temp folder for volumes and image roots. */
    private readonly tmp: string,
  ) {
    chmodSync(tmp, 0o755); // containers running as `node` must reach their volumes
  }

  /** Starts every service, dependencies first, honouring their depends_on conditions. */
  async up(): Promise<Map<string, Running>> {
    const names = Object.keys(this.compose.services);
    const all = await Promise.all(names.map((n) => this.start(n)));
    return new Map(all.map((r) => [r.service.name, r]));
  }

  async down(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.kill('SIGTERM').catch(() => undefined)));
  }

  get logs(): string {
    // The last lines of each: enough to see why, short enough to read in a failure.
    return this.procs.map((p) => `--- ${p.name}\n${p.log.trimEnd().split('\n').slice(-25).join('\n')}`).join('\n');
  }

  start(name: string, chain: readonly string[] = []): Promise<Running> {
    if (chain.includes(name)) throw new Error(`depends_on cycle: ${[...chain, name].join(' → ')}`);
    let r = this.running.get(name);
    if (!r) {
      r = this.launch(this.compose.services[name], [...chain, name]);
      this.running.set(name, r);
    }
    return r;
  }

  private async launch(s: Service, chain: readonly string[]): Promise<Running> {
    await Promise.all(Object.entries(s.dependsOn).map(async ([dep, cond]) => this.condition(await this.start(dep, chain), cond, s.name)));
    if (s.kind.kind === 'postgres') return { service: s, proc: null, ports: new Map(), env: {}, argv: [], mounts: [], workdir: '/', uid: undefined };

    const image = s.kind.kind === 'built' ? s.kind.dockerfile.final : null;
    const workdir = image?.workdir ?? '/';
    const mounts = [...(s.kind.kind === 'built' ? this.imageMounts(s.doc.image ?? s.name, s.kind.dockerfile) : []), ...this.volumeMounts(s)];
    const mapPath = (p: string, what: string): string => {
      const abs = posix.resolve(workdir, p);
      const m = mounts.filter((x) => abs === x.target || abs.startsWith(`${x.target}/`)).sort((a, b) => b.target.length - a.target.length)[0];
      if (!m) throw new Error(`${s.name}: ${what} names ${abs}, which no volume or COPY of the image provides`);
      return join(m.host, abs.slice(m.target.length));
    };

    // The command: ENTRYPOINT + (compose command or CMD); `node` is ours.
    const entrypoint = s.doc.entrypoint ?? image?.entrypoint ?? [];
    const command = s.doc.command ?? image?.cmd ?? [];
    if (!Array.isArray(entrypoint) || !Array.isArray(command)) throw new Error(`${s.name}: write entrypoint/command as lists (exec form)`);
    const argv = [...entrypoint, ...command].map(String);
    if (argv[0] !== 'node') throw new Error(`${s.name}: runs ${JSON.stringify(argv)}; only \`node <script>\` has a local mapping`);
    if (!argv[1] || argv[1].startsWith('-')) throw new Error(`${s.name}: runs ${JSON.stringify(argv)}; expected node <script> [args]`);
    const script = mapPath(argv[1], 'its command');
    if (!existsSync(script)) throw new Error(`${s.name}: its command runs ${argv[1]}, but ${script} does not exist`);
    const args = argv.slice(2);
    if (args.some((a) => a.startsWith('-'))) throw new Error(`${s.name}: command flags ${JSON.stringify(args)} are not mapped (the spec moves listen addresses through the environment)`);
    if (args.some((a) => a.includes('/'))) throw new Error(`${s.name}: command arguments ${JSON.stringify(args)} look like paths, which are not mapped`);

    // Environment: the image's ENV, then compose's; container paths and service URLs mapped.
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...(image?.env ?? {}), ...s.environment })) env[k] = await this.mapValue(s, k, v, mapPath);

    // Listen addresses → free loopback ports.
    const ports = new Map<number, number>();
    for (const l of this.listeners(s, env, script)) {
      const port = await freePort();
      ports.set(l.containerPort, port);
      Object.assign(env, l.move(port));
    }
    for (const p of s.published) {
      if (!ports.has(p.containerPort)) throw new Error(`${s.name}: publishes ${p.hostPort}:${p.containerPort}, but nothing in the service listens on ${p.containerPort} (listens on ${[...ports.keys()].join(', ') || 'nothing'})`);
    }

    // The image's USER: `node` images run as uid 1000 when we can switch to it.
    const uid = image?.user === 'node' && process.getuid?.() === 0 ? NODE_UID : undefined;
    const cwd = join(this.tmp, `cwd-${s.name}`);
    mkdirSync(cwd, { recursive: true });
    const child = spawn(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', script, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      uid,
      gid: uid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new Proc(s.name, child);
    this.procs.push(proc);
    return { service: s, proc, ports, env, argv, mounts, workdir, uid };
  }

  /** Waits until `r` meets a depends_on condition of `dependent`. */
  private async condition(r: Running, cond: string, dependent: string): Promise<void> {
    const s = r.service;
    if (cond === 'service_started' || s.kind.kind === 'postgres') return; // the scratch database exists before anything starts
    const proc = r.proc as Proc;
    if (cond === 'service_completed_successfully') {
      if (proc.child.exitCode === null && proc.child.signalCode === null) await new Promise((res) => proc.child.once('exit', res));
      const code = proc.child.exitCode ?? proc.child.signalCode;
      if (code !== 0) throw new Error(`${dependent} waits for ${s.name} to complete successfully; it exited with ${code}:\n${proc.log}`);
      return;
    }
    const check = this.healthcheck(r);
    if (!check) throw new Error(`${dependent} waits for ${s.name} to be healthy, but ${s.name} has no healthcheck (compose would refuse to start)`);
    const outcome = await waitFor(`${s.name} healthy (${dependent} waits for it)`, async () => (proc.child.exitCode !== null ? 'exited' : (await check()) && 'healthy'), 30_000);
    if (outcome === 'exited') throw new Error(`${dependent} waits for ${s.name} to be healthy; it exited with ${proc.child.exitCode}:\n${proc.log}`);
  }

  /** The service's healthcheck (compose's, else the image's HEALTHCHECK) as a local command. */
  healthcheck(r: Running): (() => Promise<boolean>) | null {
    const s = r.service;
    let test: unknown = s.doc.healthcheck?.test;
    if (test === undefined && s.kind.kind === 'built' && s.kind.dockerfile.final.healthcheck) test = ['CMD', ...s.kind.dockerfile.final.healthcheck];
    if (test === undefined) return null;
    if (!Array.isArray(test) || test[0] !== 'CMD' || test[1] !== 'node') throw new Error(`${s.name}: healthcheck ${JSON.stringify(test)} has no local mapping (only ["CMD", "node", ...])`);
    const args = (test.slice(2) as string[]).map((a) =>
      // The container's loopback is the service itself: its ports are ours.
      a.replace(/\b(127\.0\.0\.1|localhost):(\d+)\b/g, (_, _host, p) => {
        const port = r.ports.get(Number(p));
        if (port === undefined) throw new Error(`${s.name}: healthcheck probes port ${p}, where the service does not listen`);
        return `127.0.0.1:${port}`;
      }),
    );
    return () =>
      new Promise<boolean>((res) => {
        const child = spawn(process.execPath, args, { stdio: 'ignore', timeout: 5000 });
        child.on('exit', (code) => res(code === 0));
        child.on('error', () => res(false));
      });
  }

  /** Maps one environment value: container paths, service URLs, the database URL. */
  private async mapValue(s: Service, key: string, value: string, mapPath: (p: string, what: string) => string): Promise<string> {
    const where = `${s.name}: ${key}=${value}`;
    const path = /^(@?)(\/.*)$/.exec(value);
    if (path) return path[1] + mapPath(path[2], `${key}`);
    const url = /^(https?|postgres(?:ql)?):\/\/(?:([^@/]*)@)?([^:/]+)(?::(\d+))?(\/.*)?$/.exec(value);
    if (!url) return value;
    const [, scheme, auth, host, portText, rest] = url;
    const target = this.compose.services[host];
    if (!target) throw new Error(`${where}: ${host} is not a service of the compose file`);
    if (!s.dependsOn[host]) throw new Error(`${where}: ${s.name} talks to ${host} without depends_on: ${host}, so it may start first`);
    if (scheme.startsWith('postgres')) {
      if (target.kind.kind !== 'postgres') throw new Error(`${where}: ${host} is not the postgres service`);
      const [user, password] = (auth ?? '').split(':').map(decodeURIComponent);
      const pgEnv = target.environment;
      const expected = { user: pgEnv.POSTGRES_USER ?? 'postgres', password: pgEnv.POSTGRES_PASSWORD, port: '5432', database: pgEnv.POSTGRES_DB ?? pgEnv.POSTGRES_USER ?? 'postgres' };
      const actual = { user, password, port: portText ?? '5432', database: (rest ?? '/').slice(1).split('?')[0] };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${where}: does not match the ${host} service (${JSON.stringify(expected)})`);
      return this.databaseUrl;
    }
    const running = await this.start(host);
    const port = running.ports.get(Number(portText ?? (scheme === 'https' ? 443 : 80)));
    if (port === undefined) throw new Error(`${where}: ${host} does not listen on ${portText} (it listens on ${[...running.ports.keys()].join(', ') || 'nothing'})`);
    return `${scheme}://${auth ? `${auth}@` : ''}127.0.0.1:${port}${rest ?? ''}`;
  }

  /** Where the service listens inside its container, read by the app's own config loader. */
  private listeners(s: Service, env: Record<string, string>, script: string): Listener[] {
    const check = (host: string, port: number, what: string): void => {
      if (LOOPBACK.has(host)) throw new Error(`${s.name}: ${what} listens on ${host}:${port} inside its container, which neither other containers nor published ports reach`);
    };
    if (s.kind.kind === 'built' && s.kind.app === 'control-plane') {
      const c = loadConfig(env);
      check(c.host, c.port, 'the control plane');
      return [{ containerPort: c.port, move: (p) => ({ HOST: '127.0.0.1', PORT: String(p) }) }];
    }
    if (s.kind.kind === 'built' && s.kind.app === 'agent') {
      const c = resolveConfig({}, env);
      check(c.listen.host, c.listen.port, 'the decision API');
      const out: Listener[] = [{ containerPort: c.listen.port, move: (p) => ({ VIGIL_LISTEN: `127.0.0.1:${p}` }) }];
      if (c.proxyListen) {
        check(c.proxyListen.host, c.proxyListen.port, 'the proxy');
        out.push({ containerPort: c.proxyListen.port, move: (p) => ({ VIGIL_PROXY_LISTEN: `127.0.0.1:${p}` }) });
      }
      return out;
    }
    if (s.kind.kind === 'built') throw new Error(`${s.name}: no listen mapping for apps/${s.kind.app}`);
    // A plain script listens iff it is given PORT (and HOST, default all interfaces).
    if (env.PORT === undefined) {
      if (s.published.length > 0) throw new Error(`${s.name}: publishes ports but sets no PORT for ${relative(ROOT, script)}`);
      return [];
    }
    check(env.HOST ?? '0.0.0.0', Number(env.PORT), relative(ROOT, script));
    return [{ containerPort: Number(env.PORT), move: (p) => ({ HOST: '127.0.0.1', PORT: String(p) }) }];
  }

  /** The image's files as a folder of symlinks into the checkout (built once per image). */
  private imageMounts(image: string, df: Dockerfile): Mount[] {
    const root = join(this.tmp, `image-${image}`);
    const files = imageFiles(df);
    if (!this.images.has(image)) {
      for (const f of files) {
        if (!existsSync(f.host)) throw new Error(`${relative(ROOT, df.path)}: the image copies ${relative(ROOT, f.host)}, which the build has not produced here`);
        const link = join(root, f.target);
        mkdirSync(dirname(link), { recursive: true });
        for (let d = dirname(link); d.startsWith(this.tmp) && d !== this.tmp; d = dirname(d)) chmodSync(d, 0o755);
        symlinkSync(f.host, link);
      }
      this.images.set(image, root);
    }
    return files.map((f) => ({ target: f.target, host: join(root, f.target) }));
  }

  private volumeMounts(s: Service): Mount[] {
    return ((s.doc.volumes ?? []) as unknown[]).map((v) => {
      if (typeof v !== 'string') throw new Error(`${s.name}: volume ${JSON.stringify(v)}: only the short syntax is mapped`);
      const [src, target, mode] = v.split(':');
      if (!target || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) throw new Error(`${s.name}: volume ${v} is not source:target[:ro]`);
      if (src.startsWith('.') || src.startsWith('/')) {
        const host = resolve(ROOT, src);
        if (!existsSync(host)) throw new Error(`${s.name}: bind mount ${src} does not exist`);
        return { target, host };
      }
      if (!(src in (this.compose.doc.volumes ?? {}))) throw new Error(`${s.name}: volume ${src} is not declared under volumes:`);
      let host = this.volumes.get(src);
      if (!host) {
        host = join(this.tmp, `volume-${src}`);
        mkdirSync(host, { mode: 0o755 });
        // A new named volume takes the owner of the image's folder at its mount point:
        // `RUN ... chown node:node <target>` in the image's Dockerfile.
        const image = s.kind.kind === 'built' ? s.kind.dockerfile.final : null;
        if (image?.runs.some((r) => new RegExp(`chown\\s+node:node\\s+(\\S+\\s+)*${target.replace(/[/.]/g, '\\$&')}(\\s|$)`).test(r)) && process.getuid?.() === 0) {
          chownSync(host, NODE_UID, NODE_UID);
        }
        this.volumes.set(src, host);
      }
      return { target, host };
    });
  }
}
