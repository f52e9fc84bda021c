import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { loadPaths } from '../cli/load-paths';
import { dedent } from '../check/spec-util';
import { compilePolicy } from '../compile';
import { RegoCompileError } from '../diagnostics';
import { RegoPolicy } from '../engine/policy';
import { policyReadsInput, type InputReads } from './input-reads';

/** `policyReadsInput` on one or more modules (dedented), for `input.vigil` unless told otherwise. */
function reads(src: string | Record<string, string>, opts: { entrypoints?: string[]; path?: string[] } = {}): InputReads {
  const files = typeof src === 'string' ? { 'p.rego': src } : src;
  const modules = Object.entries(files).map(([path, source]) => ({ path, source: dedent(source) }));
  return policyReadsInput({ modules, entrypoints: opts.entrypoints, path: opts.path ?? ['vigil'] });
}

describe('policyReadsInput', () => {
  it('sees a direct read and where it is', () => {
    const r = reads(`
      package authz
      allow if input.vigil.risk.subject.score < 0.5
    `);
    expect(r.reads).toBe(true);
    expect(r.entrypoints).toEqual(['authz/allow']);
    expect(r.sites).toEqual([{ kind: 'direct', rule: 'data.authz.allow', location: expect.objectContaining({ file: 'p.rego', row: 2, col: 10 }) }]);
  });

  it('says no for policies that read other input keys, mention vigil only in comments, strings or data', () => {
    const r = reads(`
      package authz
      # input.vigil is not read here
      allow if {
        input.subject == "input.vigil"
        input["action"] == "read"
        data.vigil.role_bindings[input.subject]
      }
    `);
    expect(r).toEqual({ reads: false, entrypoints: [], sites: [] });
  });

  it('treats bracket and dotted forms alike, and reads of a prefix of the path', () => {
    expect(reads(`package a\nallow if input["vigil"].usual.origin`).sites.map((s) => s.kind)).toEqual(['direct']);
    expect(reads(`package a\nx := input.vigil.risk`, { path: ['vigil', 'risk', 'subject'] }).sites.map((s) => s.kind)).toEqual(['whole']);
    expect(reads(`package a\nx := input.vigil.usual`, { path: ['vigil', 'risk'] }).reads).toBe(false);
  });

  it('is conservative when input is used as a whole value', () => {
    const whole = [
      `package a\nallow if { some path, v; walk(input, [path, v]); v == 1 }`,
      `package a\nallow if count(json.marshal(input)) > 10`,
      `package a\nallow if "x" in input`,
      `package a\nreq := input\nallow if req.user == "x"`,
      `package a\nallow if { x := input; count(x) > 1 }`,
      `package a\nf(x) := x\nallow if f(input).user == "x"`,
      `package a\nf({"user": u}) := u\nallow if f(input) == "x"`,
      `package a\nf(x) if x == input\nallow if f({})`,
    ];
    for (const src of whole) expect({ src, ...reads(src) }).toMatchObject({ src, reads: true, entrypoints: expect.arrayContaining(['a/allow']) });
    expect(reads(whole[0] as string).sites.map((s) => s.kind)).toEqual(['whole']);
  });

  it('follows locals and function parameters that hold input', () => {
    expect(reads(`package a\nallow if { x := input; x.user == "x" }`).reads).toBe(false);
    expect(reads(`package a\nallow if { x := input; y := x; y.vigil.usual.origin }`).sites.map((s) => s.kind)).toEqual(['direct']);
    expect(reads(`package a\nimport input as req\nallow if req.user == "x"`).reads).toBe(false);
    expect(reads(`package a\nimport input as req\nallow if req.vigil`).reads).toBe(true);
    expect(reads(`package a\nf(x) := x.subject\nallow if f(input) == "alice"`).reads).toBe(false);
    expect(reads(`package a\nf(x) := g(x)\ng(y) := y.vigil.risk\nallow if f(input) > 0.5`).sites).toEqual([
      expect.objectContaining({ kind: 'direct', rule: 'data.a.g' }),
    ]);
    expect(reads(`package a\nf(x) := x.risk\nallow if f(input.vigil) > 0.5`).sites.map((s) => s.kind)).toEqual(['direct']);
    // With a longer path, a prefix handed to a function is followed into it.
    const deeper = { path: ['vigil', 'risk'] };
    expect(reads(`package a\nf(x) := x.usual\nallow if f(input.vigil)`, deeper).reads).toBe(false);
    expect(reads(`package a\nf(x) := x.risk.subject\nallow if f(input.vigil)`, deeper).sites).toEqual([expect.objectContaining({ kind: 'direct', rule: 'data.a.f' })]);
  });

  it('does not follow parameters when a with replaces a user function', () => {
    const src = `
      package a
      f(x) := x.user
      allow if f(input) == "alice"
      test_allow if allow with data.a.f as "alice"
    `;
    expect(reads(src, { entrypoints: ['a/allow'] }).sites.map((s) => s.kind)).toEqual(['whole']);
    expect(reads(src.replace('test_allow if allow with data.a.f as "alice"', ''), { entrypoints: ['a/allow'] }).reads).toBe(false);
  });

  it('is conservative for keys chosen at evaluation time', () => {
    const r = reads(`
      package a
      allow if input[input.key] == 1
      keys contains k if { some k, _ in input }
    `);
    expect(r.entrypoints).toEqual(['a/allow', 'a/keys']);
    expect(r.sites.map((s) => s.kind)).toEqual(['dynamic', 'dynamic']);
  });

  it('follows rules, functions, else bodies, comprehensions and every across packages', () => {
    const r = reads({
      'main.rego': `
        package main
        import data.lib
        allow if lib.risky == false
        deny if lib.check("x")
        names := [n | some n in lib.names]
        all_ok if { every x in [1] { x == 1; lib.calm } }
        other if input.user == "bob"
      `,
      'lib.rego': `
        package lib
        default risky := false
        risky if false else := input.vigil.risk.subject.score > 0.8
        check(x) if input.vigil.subject == x
        names contains n if { n := input.vigil.agent.name }
        calm if input.vigil.usual.origin
      `,
    });
    expect(r.entrypoints).toEqual(['lib/calm', 'lib/names', 'lib/risky', 'main/all_ok', 'main/allow', 'main/deny', 'main/names']);
    expect(r.sites.map((s) => s.rule).sort()).toEqual(['data.lib.calm', 'data.lib.check', 'data.lib.names', 'data.lib.risky']);
  });

  it('follows dynamic data refs to every rule they may reach', () => {
    const r = reads(
      {
        'a.rego': `
          package a
          allow if data.checks[input.kind].ok
        `,
        'checks.rego': `
          package checks
          quiet.ok if input.user == "x"
          risky.ok if input.vigil.risk.subject.score > 0.5
        `,
      },
      { entrypoints: ['a/allow'] },
    );
    expect(r.reads).toBe(true);
    expect(r.sites.map((s) => s.rule)).toEqual(['data.checks.risky.ok']);
    const anyPackage = { 'a.rego': 'package a\nallow if data[input.pkg].x', 'b.rego': 'package b\nx if input.vigil' };
    expect(reads(anyPackage, { entrypoints: ['a/allow'] }).reads).toBe(true);
    expect(reads({ ...anyPackage, 'b.rego': 'package b\ny if input.vigil' }, { entrypoints: ['a/allow'] }).reads).toBe(false);
  });

  it('only counts rules reachable from the entrypoints', () => {
    const src = `
      package a
      allow if input.user == "alice"
      risky if input.vigil.risk.subject.score > 0.5
    `;
    expect(reads(src, { entrypoints: ['a/allow'] })).toEqual({ reads: false, entrypoints: [], sites: [] });
    expect(reads(src, { entrypoints: ['data.a.risky'] }).entrypoints).toEqual(['data.a.risky']);
    expect(reads(src, { entrypoints: ['a'] }).entrypoints).toEqual(['a']);
    expect(reads(src).entrypoints).toEqual(['a/risky']);
  });

  it('reads nothing of the real input under with input as (test rules), but looks at with values', () => {
    const tests = reads(`
      package a
      allow if input.vigil.usual.origin
      test_allow if allow with input as {"vigil": {"usual": {"origin": true}}}
      test_deny if { not allow with input as {} }
    `);
    expect(tests.entrypoints).toEqual(['a/allow']);
    expect(tests.sites.map((s) => s.rule)).toEqual(['data.a.allow']);
    const onlyTests = reads(`
      package a
      allow if input.user == "alice"
      check if input.vigil.risk.subject.score < 0.5
      test_check if check with input as {"vigil": {"risk": {"subject": {"score": 0}}}}
    `, { entrypoints: ['a/allow', 'a/test_check'] });
    expect(onlyTests.reads).toBe(false);
    const value = reads(`
      package a
      allow if data.x.ok with data.x as {"ok": input.vigil.usual.origin}
    `);
    expect(value.entrypoints).toEqual(['a/allow']);
    expect(value.sites.map((s) => s.kind)).toEqual(['direct']);
  });

  it('still counts reads under a partial with on input', () => {
    const r = reads(`
      package a
      check if input.vigil.usual.origin
      allow if check with input.user as "bob"
    `, { entrypoints: ['a/allow'] });
    expect(r.reads).toBe(true);
    expect(reads(`package a\nallow if input.vigil.x with input.vigil as {"x": true}`).reads).toBe(true); // conservative
  });

  it('throws RegoCompileError for modules that do not compile, and refuses an empty path', () => {
    expect(() => reads(`package a\nallow if {`)).toThrow(RegoCompileError);
    expect(() => reads(`package a\nallow if x`)).toThrow(RegoCompileError);
    expect(() => reads(`package a\nallow := 1`, { path: [] })).toThrow(RangeError);
  });
});

/** Every entrypoint's result for each input: what the analysis claims cannot depend on input.vigil. */
async function resultsFor(src: string, inputs: readonly unknown[]): Promise<unknown[]> {
  const compiled = compilePolicy({ modules: [{ path: 'p.rego', source: dedent(src) }] });
  const policy = await RegoPolicy.load(compiled.wasm);
  policy.setData({});
  return inputs.map((input) => Object.keys(compiled.entrypoints).map((ep) => [ep, policy.evaluate(input, ep)]));
}

describe('policyReadsInput against evaluation', () => {
  const base = { user: 'alice', key: 'vigil', kind: 'x' };
  const withVigil = [base, { ...base, vigil: { risk: 1 } }, { ...base, vigil: 'x' }, { ...base, vigil: [1, 2] }];
  const cases: { src: string; reads: boolean }[] = [
    { src: 'package a\nallow if input.user == "alice"\nn := count(input.user)', reads: false },
    { src: 'package a\nallow if input.vigil.risk == 1', reads: true },
    { src: 'package a\nv := input[input.key]', reads: true },
    { src: 'package a\nn := count(input)', reads: true },
    { src: 'package a\nf(x) := x.user\nallow if f(input) == "alice"\ng := count({k | some k, _ in data.b})', reads: false },
    { src: 'package a\nf(x) := x\nn := count(f(input))', reads: true },
    { src: 'package a\nn := count(o) if { o := input }', reads: true },
    { src: 'package a\nks contains k if some k, _ in input', reads: true },
    { src: 'package a\nallow if data.b[input.kind].ok\n', reads: false },
    { src: 'package a\nallow if t with input as {"vigil": {"risk": 1}}\nt if input.user == "alice"', reads: false },
  ];

  it.each(cases)('$src: reads=$reads, and results differ with input.vigil only if it reads', async ({ src, reads: expected }) => {
    expect(reads(src).reads).toBe(expected);
    const [first, ...rest] = await resultsFor(src, withVigil);
    const differs = rest.some((r) => JSON.stringify(r) !== JSON.stringify(first));
    if (!expected) expect(differs).toBe(false);
    else expect(differs).toBe(true); // every reading case here is built so that the context changes its answer
  });
});

describe('policyReadsInput on the example suites', () => {
  const root = join(__dirname, '..', '..', 'examples');
  const suites = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory());

  it.each(suites)('%s', (name) => {
    const dir = join(root, name);
    const { modules } = loadPaths([dir]);
    const regoVersion = relative(root, dir).split(sep).some((p) => p.endsWith('-v0')) ? 0 : 1;
    const r = policyReadsInput({ modules, regoVersion, path: ['vigil'] });
    // Only the risk-adaptive suite reads the risk context; the rest read other input keys (gatekeeper's
    // `policy.vigil.dev/exempt` label and the tests' `with input as` included).
    expect(r.reads).toBe(name === 'risk-adaptive-v1');
  });
});
