/**
 * The workbench in a real browser: Debian's headless Chromium (driven by playwright-core)
 * against a real control plane (PGlite) and a real agent on loopback, both started from
 * the build. An author signs in, writes a policy with an error and sees it at its line,
 * fixes it, sees the tests pass, publishes, watches the fleet apply the revision, revokes
 * a user and finds the deny in the decision log. Screenshots of every page go to
 * test-artifacts/workbench/. Any console error fails the walk.
 *
 * Without /usr/bin/chromium the suite is skipped (VIGIL_REQUIRE_BROWSER=1 makes that a failure).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../../../..');
const DIST = join(ROOT, 'dist');
const SHOTS = join(ROOT, 'test-artifacts', 'workbench');
const ADMIN_KEY = 'vgk_workbench_e2e_admin_key_0123456789';
const haveBrowser = existsSync(CHROMIUM);

if (!haveBrowser && process.env.VIGIL_REQUIRE_BROWSER === '1') {
  throw new Error(`VIGIL_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);
}
if (!haveBrowser) process.stderr.write(`workbench browser suite skipped: ${CHROMIUM} not found (apt-get install -y chromium; VIGIL_REQUIRE_BROWSER=1 to fail instead)\n`);

const POLICY_V1 = `package authz

default allow := false

allow if {
	some b in data.vigil.role_bindings[input.subject]
	b.role == "admin"
}
`;
const TESTS = `package authz_test

test_guest_denied if not data.authz.allow with input as {"subject": "guest", "action": "write"}
`;
// Line 11 reads an unbound variable: the compiler reports it at that line.
const BROKEN = `${POLICY_V1}
# readers may read
allow if input.action == reed
`;
const FIXED = `${POLICY_V1}
# readers may read
allow if input.action == "read"

test_read_allowed if allow with input as {"subject": "guest", "action": "read"}
`;

jest.setTimeout(180_000);

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

class Proc {
  private out = '';
  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (c: Buffer) => (this.out = (this.out + c.toString()).slice(-20_000)));
    child.stderr?.on('data', (c: Buffer) => (this.out = (this.out + c.toString()).slice(-20_000)));
  }
  get log(): string {
    return this.out;
  }
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    // The grace timer is cleared once the child exits: left pending, it held jest open
    // for up to five seconds after the run ("Jest did not exit one second after…").
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (grace = setTimeout(r, 5000)))]);
    clearTimeout(grace);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await exited;
    }
  }
}

(haveBrowser ? describe : describe.skip)('policy authors’ workbench in Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vigil-workbench-'));
  let cpUrl = '';
  let agentUrl = '';
  let cp: Proc;
  let agent: Proc;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(cpUrl + path, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const decide = async (input: unknown) => (await fetch(`${agentUrl}/v1/data/authz/allow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) })).json();
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    for (const f of ['apps/control-plane/src/main.js', 'apps/agent/src/main.js']) {
      if (!existsSync(join(DIST, f))) throw new Error(`${join(DIST, f)} is missing: run \`npm run build\` first`);
    }
    if (!existsSync(join(ROOT, 'apps/control-plane/ui/dist/index.html'))) throw new Error('the web UI is not built: run `npm run build:ui` first');
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });

    const cpPort = await freePort();
    cpUrl = `http://127.0.0.1:${cpPort}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(cpPort), HOST: '127.0.0.1', VIGIL_DATA_DIR: join(tmp, 'cp'), VIGIL_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', VIGIL_HEARTBEAT_MS: '250' };
    delete env.DATABASE_URL;
    cp = new Proc(spawn(process.execPath, [join(DIST, 'apps/control-plane/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    await until('the control plane', async () => (await fetch(`${cpUrl}/health`)).ok, 60_000);

    await call('PUT', '/v1/policies/authz', { source: POLICY_V1 });
    await call('PUT', '/v1/policies/authz-test', { source: TESTS });
    await call('POST', '/v1/role-bindings', { subject: 'alice', role: 'admin' });
    const reg = await call('POST', '/v1/agents', { name: 'orders-agent-1', service: 'orders', labels: { env: 'e2e' } });
    const keys = await call('GET', '/v1/keys');
    const agentPort = await freePort();
    agentUrl = `http://127.0.0.1:${agentPort}`;
    agent = new Proc(
      spawn(process.execPath, [join(DIST, 'apps/agent/src/main.js'), '--control-plane', cpUrl, '--token', reg.token, '--trusted-keys', JSON.stringify(keys), '--listen', `127.0.0.1:${agentPort}`, '--data-dir', join(tmp, 'agent')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    await until('the agent to be healthy', async () => (await (await fetch(`${agentUrl}/health`)).json()).status === 'ok', 30_000);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    await cp?.stop();
    if (process.env.VIGIL_E2E_LOGS) process.stderr.write(`--- control plane\n${cp?.log}\n--- agent\n${agent?.log}\n`);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('signs in with the keyboard; the key stays out of the URL', async () => {
    await page.goto(cpUrl + '/');
    await page.getByLabel('API key').fill('not-a-key');
    await page.keyboard.press('Enter');
    await page.getByText('This API key is unknown or revoked.').waitFor();
    await shot('01-sign-in');
    // The wrong key above was refused on purpose: Chromium logs that 401; nothing after may log errors.
    consoleErrors.length = 0;
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();
    expect(page.url()).toBe(`${cpUrl}/policies`);
    expect(page.url()).not.toContain(ADMIN_KEY);
    expect(await page.evaluate(() => sessionStorage.getItem('vigil.apiKey'))).toBe(ADMIN_KEY);
  });

  it('marks a compile error at its line, then shows the tests passing once fixed', async () => {
    await page.getByRole('treeitem', { name: 'authz (version 1)' }).click();
    await page.locator('.cm-content').waitFor();
    await page.getByText('Compiles without problems.').waitFor();
    await shot('02-policy');

    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(BROKEN);
    const problem = page.getByTestId('problems').locator('li').first();
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/^line 11:26 rego_unsafe_var_error/);
    // The squiggle sits on line 11 of the editor, under the unbound variable.
    const marked = page.locator('.cm-line').nth(10).locator('.cm-lintRange-error');
    await marked.waitFor();
    expect(await marked.textContent()).toBe('reed');
    expect(await page.getByRole('button', { name: 'Review and publish…' }).isDisabled()).toBe(true);
    await shot('03-policy-error');

    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(FIXED);
    await page.getByText('Compiles without problems.').waitFor();
    await page.getByTestId('tests-summary').getByText('All 2 tests pass').waitFor();
    expect(await page.getByTestId('tests').locator('li.pass').count()).toBe(2);
    await shot('04-policy-fixed-tests-pass');
  });

  let published = 0;
  it('reviews the diff and publishes; the fleet applies the revision', async () => {
    await page.getByRole('button', { name: 'Review and publish…' }).click();
    await page.locator('.diff-add').filter({ hasText: 'allow if input.action == "read"' }).waitFor();
    await page.getByLabel('Message (optional)').fill('readers may read');
    await shot('05-review-diff');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const done = page.getByText(/Published authz version 2 at revision (\d+)/);
    await done.waitFor();
    published = Number(/revision (\d+)/.exec((await done.textContent())!)![1]);
    await page.getByTestId('rollout').getByText(`1 of 1 connected agent applied revision ${published}`).waitFor();
    await shot('06-published');

    await page.getByRole('link', { name: 'Fleet' }).click();
    const row = page.locator('tr[data-agent="orders-agent-1"]');
    await until('the fleet view to show the agent at the published revision', async () => Number(await row.getByTestId('applied').textContent()) >= published);
    expect(await row.textContent()).toContain('connected');
    await shot('07-fleet');
    expect((await decide({ subject: 'bob', action: 'read' })).result).toBe(true);

    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('treeitem', { name: 'authz (version 2)' }).click();
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Roll back to v1' }).waitFor();
    await shot('08-history');
  });

  it('revokes a user, sees it reach the agent, and finds the deny in the decision log', async () => {
    expect((await decide({ subject: 'alice', action: 'write' })).result).toBe(true);
    await page.getByRole('link', { name: 'Revocations' }).click();
    await page.getByLabel('Kind').selectOption('subject');
    await page.getByLabel('Value').fill('alice');
    await page.getByLabel('Reason (optional)').fill('laptop stolen');
    await page.getByRole('button', { name: 'Revoke' }).click();
    const ok = page.getByRole('status').filter({ hasText: /Revoked alice at revision \d+/ });
    await ok.waitFor();
    await ok.getByText(/1 of 1 connected agent applied revision/).waitFor();
    await shot('09-revocations');
    const denied = await decide({ subject: 'alice', action: 'write' });
    expect(denied.result).not.toBe(true);

    await page.getByRole('link', { name: 'Decisions' }).click();
    await page.getByLabel('Subject').fill('alice');
    await page.getByLabel('Result').selectOption('false');
    const denyRow = page.getByTestId('decisions').locator('tr.deny').filter({ hasText: 'revoked' }).first();
    await denyRow.waitFor({ timeout: 20_000 });
    expect(await denyRow.textContent()).toContain('alice');
    await page.locator('.chart svg').waitFor();
    await shot('10-decisions');
  });

  it('shows the other pages, works at a narrow width, and logged no console errors', async () => {
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByLabel('Entrypoint').fill('authz/allow');
    await page.getByLabel('Input (JSON)').fill('{"subject": "bob", "action": "read"}');
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await page.getByTestId('rules').locator('li.matched').filter({ hasText: 'data.authz.allow' }).waitFor();
    await shot('11-playground');
    for (const [link, name] of [['Data', '12-data'], ['Role bindings', '13-role-bindings'], ['Audit', '14-audit']] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('.table-wrap, .empty').first().waitFor();
      await shot(name);
    }
    await page.getByRole('table').getByText('revocation.create').waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    for (const [link, name] of [['Fleet', '15-narrow-fleet'], ['Policies', '16-narrow-policies']] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await shot(name);
    }
    expect(consoleErrors).toEqual([]);
  });
});
