import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle, bundleManifest } from '../bundle/bundle';
import { buildCommand, checkCommand, evalCommand, testCommand, type Io } from './commands';

function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), stdout: () => out, stderr: () => err };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const POLICY = `package authz
import rego.v1
default allow := false
allow if input.user in data.authz_data.admins
`;

describe('vigil CLI commands', () => {
  it('eval prints bindings, and the value of a bare term', async () => {
    const dir = workspace({ 'p.rego': POLICY, 'authz_data/data.json': '{"admins": ["alice"]}', 'in.json': '{"user": "alice"}' });
    const io = capture();
    expect(await evalCommand('data.authz.allow = x', { data: [dir], input: join(dir, 'in.json') }, io)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual([{ x: true }]);
    const bare = capture();
    expect(await evalCommand('data.authz.allow', { data: [dir] }, bare)).toBe(0);
    expect(JSON.parse(bare.stdout())).toEqual([{ result: false }]);
  });

  it('check reports diagnostics as file:row:col and exits 1', async () => {
    const dir = workspace({ 'bad.rego': 'package x\nimport rego.v1\nallow if {\n  input.user == y\n}\n' });
    const io = capture();
    expect(await checkCommand([dir], {}, io)).toBe(1);
    expect(io.stderr()).toContain('bad.rego:4:17: rego_unsafe_var_error: var y is unsafe');
    expect(io.stderr()).toContain('^');
  });

  it('check accepts a clean module', async () => {
    const io = capture();
    expect(await checkCommand([workspace({ 'p.rego': POLICY })], {}, io)).toBe(0);
    expect(io.stdout()).toContain('1 module(s) OK');
  });

  it('test prints one line per test and the totals, exiting 1 on failure', async () => {
    const dir = workspace({
      'p.rego': POLICY,
      'p_test.rego': `package authz_test
import rego.v1
test_admin if data.authz.allow with input as {"user": "alice"} with data.authz_data.admins as ["alice"]
test_wrong if data.authz.allow with input as {"user": "bob"}
`,
    });
    const io = capture();
    expect(await testCommand([dir], {}, io)).toBe(1);
    expect(io.stdout()).toMatch(/^PASS data\.authz_test\.test_admin/m);
    expect(io.stdout()).toMatch(/^FAIL data\.authz_test\.test_wrong/m);
    expect(io.stdout().trim().split('\n').pop()).toBe('1 passed, 1 failed');
  });

  it('test runs v0 policies with --v0-compatible', async () => {
    const dir = workspace({
      'p.rego': 'package v0\ndeny[msg] { input.x > 1; msg := "too big" }\n',
      'p_test.rego': 'package v0\ntest_deny { deny["too big"] with input as {"x": 2} }\n',
    });
    const io = capture();
    expect(await testCommand([dir], { v0Compatible: true }, io)).toBe(0);
    expect(io.stdout()).toContain('1 passed, 0 failed');
    const v1 = capture();
    expect(await testCommand([dir], {}, v1)).toBe(1);
    expect(v1.stderr()).toContain('rego_parse_error');
  });

  it('build writes an OPA-style bundle and the bare wasm', async () => {
    const dir = workspace({ 'p.rego': POLICY, 'authz_data/data.json': '{"admins": ["alice"]}' });
    const out = join(dir, 'out', 'bundle.tar.gz');
    const io = capture();
    expect(await buildCommand([dir], { entrypoints: ['authz/allow'], output: out, revision: '42' }, io)).toBe(0);
    const files = await readBundle(readFileSync(out));
    expect(bundleManifest(files)).toMatchObject({ revision: '42', wasm: [{ entrypoint: 'authz/allow', module: '/policy.wasm' }] });
    expect(JSON.parse(Buffer.from(files.get('/data.json')!).toString())).toEqual({ authz_data: { admins: ['alice'] } });
    expect(Buffer.from(readFileSync(join(dir, 'out', 'policy.wasm')))).toEqual(Buffer.from(files.get('/policy.wasm')!));
  });

  it('reports a missing path without a stack trace', async () => {
    const io = capture();
    expect(await checkCommand(['/nonexistent/vigil'], {}, io)).toBe(1);
    expect(io.stderr()).toBe('error: /nonexistent/vigil: no such file or directory\n');
  });
});
