import { callArgs } from './testing/rego-args';
import { opaCase, opaCases, wantX } from './testing/opa-cases';
import { callHost, expectCaseError, hostError } from './testing/host-call';
import { SetValue } from './values';

const first = (c: ReturnType<typeof opaCase>) => (wantX(c) as unknown[])[0];
const sorted = (v: unknown) => [...(v as unknown[])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('net.cidr_* (OPA cases)', () => {
  it('cidr_contains, cidr_intersects, cidr_is_valid', () => {
    for (const c of opaCases('netcidrcontains')) expect(callHost('net.cidr_contains', callArgs(c.modules[0], 'net.cidr_contains').slice(0, 2))).toBe(first(c));
    for (const c of opaCases('netcidrintersects')) expect(callHost('net.cidr_intersects', callArgs(c.modules[0], 'net.cidr_intersects').slice(0, 2))).toBe(first(c));
    for (const c of opaCases('netcidrisvalid')) {
      expect({ note: c.note, got: callHost('net.cidr_is_valid', callArgs(c.modules[0], 'net.cidr_is_valid').slice(0, 1)) }).toEqual({ note: c.note, got: wantX(c) });
    }
  });
  it('cidr_expand', () => {
    for (const c of opaCases('netcidrexpand')) {
      const args = callArgs(c.modules[0], 'net.cidr_expand').slice(0, 1);
      if (c.want_error) expectCaseError(c, 'net.cidr_expand', args);
      else expect(sorted(callHost('net.cidr_expand', args))).toEqual(wantX(c));
    }
  });
  it('cidr_merge', () => {
    for (const c of opaCases('netcidrmerge')) {
      let args = callArgs(c.modules[0], 'net.cidr_merge').slice(0, 1);
      // A Rego set literal {"a", "b"} reaches the host as an array.
      const ref = (args[0] as { $ref?: string }).$ref;
      if (ref) args = [JSON.parse(`[${ref.slice(1, -1)}]`)];
      if (c.want_error || c.want_error_code) expectCaseError({ ...c, want_error_code: 'eval_builtin_error' }, 'net.cidr_merge', args);
      else expect({ note: c.note, got: sorted(callHost('net.cidr_merge', args)) }).toEqual({ note: c.note, got: wantX(c) });
    }
  });
  it('cidr_contains_matches', () => {
    const cm = (note: string) => opaCase('netcidrcontainsmatches', note);
    const run = (args: unknown[]) => sorted(callHost('net.cidr_contains_matches', args));
    expect(run(['1.1.1.0/24', '1.1.1.1'])).toEqual(wantX(cm('netcidrcontainsmatches/strings')));
    expect(run([['1.1.2.0/24', '1.1.1.0/24'], ['1.1.1.1', '1.1.2.1']])).toEqual(wantX(cm('netcidrcontainsmatches/arrays')));
    expectCaseError(cm('netcidrcontainsmatches/bad array'), 'net.cidr_contains_matches', [['1.1.2.0/24', '1.1.1.0/24'], ['1.1.1.1', 1]]);
    // An exact host call: sets arrive as sets, and their members are the keys reported.
    const sets = [new SetValue([['1.1.1.0/24', 'bar'], ['1.1.2.0/24', 'foo']]), new SetValue([['1.1.1.1', 'baz'], ['1.1.2.1', 'qux']])];
    expect(run(sets)).toEqual(wantX(cm('netcidrcontainsmatches/sets of tuples')));
    expectCaseError(cm('netcidrcontainsmatches/bad set tuple element'), 'net.cidr_contains_matches', [sets[0], new SetValue([[], ['1.1.2.1', 'qux']])]);
    expect(run([{ k1: '1.1.1.1/24', k2: ['1.1.1.2/24', 1] }, '1.1.1.128'])).toEqual(wantX(cm('netcidrcontainsmatches/objects')));
  });
  it('Go address rules and errors', () => {
    expect(callHost('net.cidr_contains', ['10.0.0.0/8', '::ffff:10.1.2.3'])).toBe(true);
    expect(callHost('net.cidr_contains', ['2001:db8::/32', '2001:db8:ffff::1'])).toBe(true);
    expect(callHost('net.cidr_contains', ['10.0.0.0/8', '2001:db8::1'])).toBe(false);
    expect(callHost('net.cidr_is_valid', ['010.0.0.0/8'])).toBe(false);
    expect(callHost('net.cidr_intersects', ['10.0.0.0/8', '::/0'])).toBe(false);
    expect(hostError('net.cidr_contains', ['10.0.0.0/8', 'nope'])).toEqual({
      code: 'eval_builtin_error',
      message: 'net.cidr_contains: not a valid textual representation of an IP address or CIDR: nope',
    });
    expect(hostError('net.cidr_contains', ['10.0.0.0', '10.0.0.1']).message).toBe('net.cidr_contains: invalid CIDR address: 10.0.0.0');
    expect(sorted(callHost('net.cidr_expand', ['2001:db8::/126']))).toEqual(['2001:db8::', '2001:db8::1', '2001:db8::2', '2001:db8::3']);
    expect(callHost('net.cidr_merge', [['192.0.2.112']])).toEqual(['192.0.2.112/24']);
    expect(hostError('net.cidr_expand', ['10.0.0.0/8']).message).toMatch(/more than 1048576 addresses/);
  });
});

describe('semver, units, uuid (OPA cases)', () => {
  it('semver', () => {
    expect(callHost('semver.compare', ['1.0.0', '2.0.0'])).toBe(wantX(opaCase('semvercompare', 'semvercompare/a < b')));
    expect(callHost('semver.is_valid', ['1.0.0'])).toBe(wantX(opaCase('semverisvalid', 'semverisvalid/valid')));
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    for (let i = 1; i < order.length; i++) expect(callHost('semver.compare', [order[i - 1], order[i]])).toBe(-1);
    expect(callHost('semver.compare', ['1.0.0+build.1', '1.0.0+build.2'])).toBe(0);
    for (const bad of ['v1.0.0', '1.0', '01.0.0', '1.0.0-01', 1]) expect(callHost('semver.is_valid', [bad])).toBe(false);
    expect(hostError('semver.compare', ['1.0', '1.0.0'])).toEqual({ code: 'eval_builtin_error', message: 'semver.compare: operand 1: string 1.0 is not a valid SemVer' });
  });
  it('units.parse_bytes and units.parse', () => {
    for (const c of [...opaCases('units')]) {
      const name = c.modules[0].includes('units.parse_bytes') ? 'units.parse_bytes' : 'units.parse';
      const [arg] = callArgs(c.modules[0], name);
      if (c.want_error) {
        expectCaseError(c, name, [arg]);
        continue;
      }
      const m = /==\s*([\d.]+)/.exec(c.modules[0]);
      if (!m || c.modules[0].includes('round(')) {
        // round(units.parse("100m") * 1000) == 100
        expect(callHost(name, [arg])).toBe(0.1);
        continue;
      }
      const want = m[1].includes('.') ? Number(m[1]) : BigInt(m[1]);
      const got = callHost(name, [arg]);
      expect({ note: c.note, got: typeof want === 'bigint' ? BigInt(got as number) : got }).toEqual({ note: c.note, got: want });
    }
    expect(hostError('units.parse_bytes', ['10xb'])).toEqual({ code: 'eval_builtin_error', message: 'units.parse_bytes: units.parse_bytes: byte unit xb not recognized' });
    expect(hostError('units.parse', ['1e1234567']).message).toBe('units.parse: units.parse: exponent too large');
    expect(callHost('units.parse', ['1.5e3m'])).toBe(1.5);
  });
  it('uuid.parse and uuid.rfc4122', () => {
    for (const c of opaCases('uuid').filter((x) => x.note.startsWith('uuid-parse/'))) {
      const input = (c.input as { userid: unknown }).userid;
      if (typeof input !== 'string') {
        expect(hostError('uuid.parse', [input]).code).toBe('eval_type_error');
        continue;
      }
      expect({ note: c.note, got: callHost('uuid.parse', [input]) }).toEqual({ note: c.note, got: wantX(c) ?? undefined });
    }
    expect(callHost('uuid.parse', ['not-a-uuid'])).toBeUndefined();
    const a = callHost('uuid.rfc4122', ['k']) as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
