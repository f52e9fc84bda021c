/**
 * docker-compose.yml, proven without Docker (this machine has no daemon or registry):
 *  - statically: the Dockerfiles exist, what they COPY is in the repo or made by the build,
 *    their CMD/ENTRYPOINT runs a built file whose sources exist and which loads production
 *    dependencies only (the images prune dev ones), every environment variable the file or
 *    an image sets is read by the program it is given to, node versions agree;
 *  - by running it: the same topology as real processes on loopback (compose-topology.ts
 *    says how each container maps), then the curl steps of the file's header comment, read
 *    from the comment itself, each checked against what its `# ...` note promises.
 * Needs `npm run build` (dist/ and the UI) and Postgres (VIGIL_TEST_POSTGRES_URL, else 127.0.0.1:5432).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative, resolve } from 'node:path';
import { requireBuild, waitFor } from '../../apps/agent/test/processes';
import { createScratchDatabase, type ScratchDatabase } from '../../apps/agent/test/test-database';
import { readHeaderSteps, type CurlStep } from './compose-header';
import {
  COMPOSE_FILE,
  ROOT,
  Topology,
  configLoaders,
  imageFiles,
  loadCompose,
  nodeMajorOf,
  packagesLoaded,
  sourceOfDist,
  variablesRead,
  type Compose,
  type Running,
  type Service,
} from './compose-topology';

jest.setTimeout(60_000);

const text = readFileSync(COMPOSE_FILE, 'utf8');
const steps = readHeaderSteps(text);
const compose: Compose = loadCompose(steps.vars);
const services = Object.values(compose.services);
const built = services.filter((s): s is Service & { kind: { kind: 'built' } } => s.kind.kind === 'built');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** Variables programs read that their own loaders do not name: libraries' (express, npm read NODE_ENV). */
const LIBRARY_VARIABLES = new Set(['NODE_ENV']);
/** What the postgres image reads (its documented initialisation variables). */
const POSTGRES_VARIABLES = new Set(['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB']);

function tracked(rel: string): boolean {
  return execFileSync('git', ['ls-files', '--', rel], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
}

/** .dockerignore as Docker reads it: patterns from the context root, the last match wins. */
function dockerIgnored(rel: string): boolean {
  const file = join(ROOT, '.dockerignore');
  if (!existsSync(file)) return false;
  let ignored = false;
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = posix.normalize(line.replace(/^!/, '').replace(/^\//, ''));
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\0/g, '.*')}(/.*)?$`);
    if (re.test(rel)) ignored = !negate;
  }
  return ignored;
}

/** The repo file a service's command runs (through its image's COPYs or its bind mounts). */
function commandScript(s: Service): { argv: string[]; script: string } {
  const image = s.kind.kind === 'built' ? s.kind.dockerfile.final : null;
  const argv = [...(s.doc.entrypoint ?? image?.entrypoint ?? []), ...(s.doc.command ?? image?.cmd ?? [])].map(String);
  const workdir = image?.workdir ?? '/';
  const abs = posix.resolve(workdir, argv[1] ?? '');
  const mounts = [
    ...(s.kind.kind === 'built' ? imageFiles(s.kind.dockerfile) : []),
    ...((s.doc.volumes ?? []) as string[]).filter((v) => /^[./]/.test(v)).map((v) => ({ target: v.split(':')[1], host: resolve(ROOT, v.split(':')[0]) })),
  ];
  const m = mounts.find((x) => abs === x.target || abs.startsWith(`${x.target}/`));
  if (!m) throw new Error(`${s.name}: its command ${JSON.stringify(argv)} runs ${abs}, which no COPY or bind mount provides`);
  return { argv, script: join(m.host, abs.slice(m.target.length)) };
}

describe('docker-compose.yml, statically', () => {
  it('builds its images from Dockerfiles whose COPYs are in the repo or made by the build', () => {
    expect(built.length).toBeGreaterThan(0);
    for (const s of built) {
      const df = s.kind.dockerfile;
      const name = relative(ROOT, df.path);
      for (const stage of df.stages) {
        for (const c of stage.copies.filter((x) => x.from === null)) {
          for (const src of c.sources) {
            if (!existsSync(join(ROOT, src))) throw new Error(`${name}: COPY ${src}: not in the repo`);
            if (src !== '.' && dockerIgnored(posix.normalize(src))) throw new Error(`${name}: COPY ${src}: excluded by .dockerignore`);
          }
        }
        // `npm ci` in the build stage needs the manifest and the lock in the context.
        if (stage.runs.some((r) => /\bnpm ci\b/.test(r))) for (const f of ['package.json', 'package-lock.json']) if (dockerIgnored(f)) throw new Error(`${name}: npm ci needs ${f}, which .dockerignore excludes`);
      }
      for (const f of imageFiles(df)) {
        const rel = relative(ROOT, f.host);
        if (!existsSync(f.host)) throw new Error(`${name}: the image copies ${rel}, which is neither in the repo nor made by \`npm run build\` here`);
        // A file the repo tracks reaches the build stage only if the context includes it.
        if (tracked(rel) && dockerIgnored(rel)) throw new Error(`${name}: the image copies ${rel}, which .dockerignore keeps out of the build context`);
      }
    }
  });

  it('runs, in each image, a built file whose sources exist and which loads production dependencies only', () => {
    for (const s of built) {
      const name = relative(ROOT, s.kind.dockerfile.path);
      const { argv, script } = commandScript(s);
      expect(argv[0]).toBe('node');
      if (!existsSync(script)) throw new Error(`${name}: CMD/ENTRYPOINT ${JSON.stringify(argv)} runs ${relative(ROOT, script)}, which the build does not produce`);
      if (!script.startsWith(join(ROOT, 'dist') + '/') && !tracked(relative(ROOT, script))) throw new Error(`${name}: ${relative(ROOT, script)} is neither built into dist/ nor in git`);
      const { packages, files } = packagesLoaded(script);
      const distFiles = [...files].filter((f) => f.startsWith(join(ROOT, 'dist') + '/') && f.endsWith('.js'));
      expect(distFiles.length).toBeGreaterThan(10); // it reaches the app, not just a stub
      // swc never cleans dist/: a file whose source is gone would pass here and fail in the image build.
      const stale = distFiles.filter((f) => sourceOfDist(f) === null).map((f) => relative(ROOT, f));
      if (stale.length) throw new Error(`${name}: runs dist files without a source (stale build output): ${stale.join(', ')}`);
      // The image runs `npm prune --omit=dev`.
      const dev = [...packages].filter(([p]) => !(p in pkg.dependencies)).map(([p, from]) => `${p} (from ${from})`);
      if (dev.length) throw new Error(`${name}: loads packages that are not production dependencies: ${dev.join(', ')}`);
    }
  });

  it('sets only environment variables the program given them reads', () => {
    const unread: string[] = [];
    for (const s of services) {
      const image = s.kind.kind === 'built' ? s.kind.dockerfile.final : null;
      const names = Object.keys({ ...(image?.env ?? {}), ...s.environment });
      let read: Set<string>;
      let reader: string;
      if (s.kind.kind === 'postgres') [read, reader] = [POSTGRES_VARIABLES, 'the postgres image'];
      else if (s.kind.kind === 'built') {
        const loaders = configLoaders(s.kind.app);
        [read, reader] = [variablesRead(loaders), loaders.map((f) => relative(ROOT, f)).join(', ')];
      } else {
        const { script } = commandScript(s);
        [read, reader] = [variablesRead([script]), relative(ROOT, script)];
      }
      for (const n of names) if (!read.has(n) && !LIBRARY_VARIABLES.has(n)) unread.push(`${s.name}: ${n} (not read by ${reader})`);
    }
    expect(unread).toEqual([]);
  });

  it('publishes each host port once, none of them the local Postgres the docs and suites use', () => {
    const local = new URL(process.env.VIGIL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const taken = new Map<number, string>([[Number(local.port || 5432), `the local Postgres (${local.host})`]]);
    const clashes: string[] = [];
    for (const s of services) {
      for (const p of s.published) {
        const other = taken.get(p.hostPort);
        if (other) clashes.push(`${s.name} publishes ${p.hostPort}, taken by ${other}`);
        taken.set(p.hostPort, s.name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('uses the node major version we build and test with', () => {
    const ours = Number(process.versions.node.split('.')[0]);
    for (const s of services) {
      if (s.kind.kind === 'node-image') expect({ service: s.name, node: nodeMajorOf(s.kind.image) }).toEqual({ service: s.name, node: ours });
      if (s.kind.kind === 'built') for (const st of s.kind.dockerfile.stages) expect({ service: s.name, node: nodeMajorOf(st.base) }).toEqual({ service: s.name, node: ours });
    }
  });
});

describe('docker-compose.yml, run as local processes', () => {
  let db: ScratchDatabase;
  let tmp: string;
  let topology: Topology;
  let running: Map<string, Running>;

  beforeAll(async () => {
    requireBuild();
    db = await createScratchDatabase();
    tmp = mkdtempSync(join(tmpdir(), 'vigil-compose-'));
    topology = new Topology(compose, db.url, tmp);
    try {
      running = await topology.up();
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${topology.logs}`, { cause: e });
    }
  });

  afterAll(async () => {
    await topology?.down();
    await db?.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** The loopback address standing in for a published host port of the compose file. */
  function localUrl(step: CurlStep): string {
    const port = Number(step.url.port || 80);
    for (const r of running.values()) {
      for (const p of r.service.published) {
        if (p.hostPort !== port) continue;
        if (p.hostIp !== '0.0.0.0' && p.hostIp !== step.url.hostname) throw new Error(`${step.text}: port ${port} is published on ${p.hostIp}, not ${step.url.hostname}`);
        const local = r.ports.get(p.containerPort) as number;
        return `http://127.0.0.1:${local}${step.url.pathname}${step.url.search}`;
      }
    }
    throw new Error(`${step.text}: no service publishes port ${port}`);
  }

  /** The step's request; status 0 when nothing answers (curl's "connection refused"). */
  async function send(step: CurlStep): Promise<{ status: number; text: string }> {
    const url = localUrl(step);
    let res: Response;
    try {
      res = await fetch(url, { method: step.method, headers: step.headers, body: step.body });
    } catch (e) {
      return { status: 0, text: `${(e as Error).message}: ${String((e as Error).cause ?? '')}` };
    }
    return { status: res.status, text: await res.text() };
  }

  it("answers the header's curl steps as their notes say", async () => {
    expect(steps.curls.length).toBeGreaterThan(0);
    const register = compose.services['agent-register']?.environment ?? {};
    try {
      for (const step of steps.curls) {
        const where = step.text;
        if (/proxied/i.test(step.note)) {
          // The policy just published travels replica 1 → database → replica 2 → agent.
          let last = { status: 0, text: '' };
          const end = Date.now() + 10_000;
          while ((last = await send(step)).status !== 200 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
          if (last.status !== 200) throw new Error(`${where}: answered ${last.status} ${last.text}`);
          const body = JSON.parse(last.text) as { service: string; url: string; decision_id: string | null };
          expect({ where, service: body.service, url: body.url }).toEqual({ where, service: 'demo', url: step.url.pathname + step.url.search });
          expect(body.decision_id).toEqual(expect.any(String)); // it went through the agent's proxy
        } else if (/\b403\b/.test(step.note)) {
          const r = await send(step);
          if (r.status !== 403) throw new Error(`${where}: answered ${r.status} ${r.text}`);
        } else if (/decision API/i.test(step.note)) {
          const r = await send(step);
          if (r.status !== 200) throw new Error(`${where}: answered ${r.status} ${r.text}`);
          const promised = /"result":(true|false)/.exec(step.note);
          if (!promised) throw new Error(`${where}: say in the note what the decision is ({"result":...})`);
          expect({ where, result: (JSON.parse(r.text) as { result?: unknown }).result }).toEqual({ where, result: promised[1] === 'true' });
        } else if (/web UI/.test(step.note)) {
          // Served from the image's copy of apps/control-plane/ui/dist (found above /app/dist).
          const r = await send(step);
          if (r.status !== 200 || !/<html/i.test(r.text)) throw new Error(`${where}: answered ${r.status} ${r.text.slice(0, 200)}`);
        } else if (step.note === '') {
          const r = await send(step);
          if (r.status < 200 || r.status > 299) throw new Error(`${where}: answered ${r.status} ${r.text}`);
          if (step.method === 'GET' && step.url.pathname === '/v1/agents') {
            // The agent agent-register registered through replica 1.
            const agents = JSON.parse(r.text) as { items?: { name: string; service: string }[] } | { name: string; service: string }[];
            const list = Array.isArray(agents) ? agents : (agents.items ?? []);
            expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ name: register.AGENT_NAME, service: register.AGENT_SERVICE })]));
          }
        } else throw new Error(`${where}: the spec does not know what this note promises; teach deploy/test/compose-topology.e2e-spec.ts`);
      }
      // With a policy in place, every service passes its healthcheck (the agent's reports
      // no_policy, 503, until the first publish).
      for (const r of running.values()) {
        const check = r.proc ? topology.healthcheck(r) : null;
        if (check) await waitFor(`${r.service.name} healthy`, () => check(), 10_000);
      }
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${topology.logs}`, { cause: e });
    }
  });

  it('keeps every service but the one-shot ones running through the walk', () => {
    const oneShot = new Set(services.flatMap((s) => Object.entries(s.dependsOn).filter(([, c]) => c === 'service_completed_successfully').map(([d]) => d)));
    for (const r of running.values()) {
      if (!r.proc || oneShot.has(r.service.name)) continue;
      expect({ service: r.service.name, exit: r.proc.child.exitCode, log: r.proc.child.exitCode === null ? '' : r.proc.log }).toEqual({ service: r.service.name, exit: null, log: '' });
    }
  });
});
