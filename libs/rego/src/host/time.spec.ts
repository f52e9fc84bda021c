import { EvaluationState } from './context';
import { opaCase, wantX } from './testing/opa-cases';
import { callHost, expectCaseError, hostError } from './testing/host-call';

const SEC = 1_000_000_000;
/** Exact nanoseconds of a Unix second count. */
const ns = (sec: number) => BigInt(sec) * 1_000_000_000n;

describe('time.* (OPA cases)', () => {
  it('time/time caching: now_ns is constant within an evaluation and moves on begin()', () => {
    let clock = 5n;
    const ctx = new EvaluationState({ clock: () => clock++ });
    ctx.begin();
    const t0 = callHost('time.now_ns', [], ctx);
    const t1 = callHost('time.now_ns', [], ctx);
    expect(t0).toBe(t1);
    expect(wantX(opaCase('time', 'time/time caching'))).toBe(true);
    ctx.begin();
    expect(callHost('time.now_ns', [], ctx)).not.toBe(t0);
  });

  it('time/parse_nanos', () => {
    const c = opaCase('time', 'time/parse_nanos');
    const cases = (c.input as { cases: Record<string, { layout: string; value: string }> }).cases;
    const got = Object.fromEntries(Object.entries(cases).map(([id, x]) => [id, callHost('time.parse_ns', [x.layout, x.value])]));
    expect(got).toEqual(wantX(c));
  });

  it.each([
    ['time/parse_nanos_too_small', '1677-09-21T00:12:43.145224191-00:00'],
    ['time/parse_nanos_too_large', '2262-04-11T23:47:16.854775808-00:00'],
  ])('%s', (note, value) => {
    expectCaseError(opaCase('time', note), 'time.parse_ns', ['2006-01-02T15:04:05Z07:00', value]);
  });

  it.each([
    ['time/date with LA tz', [1517814000 * SEC, 'America/Los_Angeles']],
    ['time/date with empty tz', [1517832000 * SEC, '']],
    ['time/date leap day', 1582977600 * SEC],
  ])('%s', (note, arg) => {
    expect(callHost('time.date', [arg])).toEqual(wantX(opaCase('time', note)));
  });

  it('time/clock', () => {
    expect(callHost('time.clock', [1517832000 * SEC])).toEqual(wantX(opaCase('time', 'time/clock')));
  });

  it('time/clock too big', () => {
    expectCaseError(opaCase('time', 'time/clock too big'), 'time.clock', [1582977600 * SEC * 1000]);
  });

  it.each([
    [0, 1517832000000000000],
    [1, 1518004800000000000],
    [2, 1518091200000000000],
    [3, 1518264000000000000],
    [4, 1518350400000000000],
  ])('time/weekday #%i', (i, ns) => {
    expect(callHost('time.weekday', [ns])).toEqual(wantX(opaCase('time', 'time/weekday', i)));
  });

  it('time/add_date negative values', () => {
    const c = opaCase('time', 'time/add_date negative values');
    expect(callHost('time.add_date', [1585852421593912000, -1, -1, -1])).toEqual(wantX(c));
  });

  it('time/add_date too small result', () => {
    expectCaseError(opaCase('time', 'time/add_date too small result'), 'time.add_date', [-9223372036854775808, 0, 0, -1]);
  });
});

describe('time.* (Go semantics)', () => {
  it('keeps nanoseconds exact beyond 2^53', () => {
    expect(callHost('time.parse_rfc3339_ns', ['2017-06-02T19:00:00.123456789Z'])).toBe(1496430000123456789n);
  });

  it('parses layouts with names, fractions, 12-hour clocks and zones', () => {
    expect(callHost('time.parse_ns', ['2006-01-02', '2017-06-02'])).toBe(ns(1496361600));
    expect(callHost('time.parse_ns', ['RFC1123', 'Fri, 02 Jun 2017 19:00:00 UTC'])).toBe(ns(1496430000));
    expect(callHost('time.parse_ns', ['Jan _2 15:04:05 2006', 'Jun  2 19:00:00 2017'])).toBe(ns(1496430000));
    expect(callHost('time.parse_ns', ['2006-01-02 3:04PM', '2017-06-02 7:00PM'])).toBe(ns(1496430000));
    // A fraction after the seconds is accepted even though the layout has none.
    expect(callHost('time.parse_ns', ['2006-01-02T15:04:05Z07:00', '2017-06-02T19:00:00.5+01:00'])).toBe(ns(1496426400) + 500_000_000n);
  });

  it('reports Go parse errors', () => {
    expect(hostError('time.parse_ns', ['2006-01-02', '2017-13-02'])).toEqual({
      code: 'eval_builtin_error',
      message: 'time.parse_ns: parsing time "2017-13-02": month out of range',
    });
    expect(hostError('time.parse_ns', ['2006-01-02', '2017/06/02']).message).toBe(
      'time.parse_ns: parsing time "2017/06/02" as "2006-01-02": cannot parse "/06/02" as "-"',
    );
    expect(hostError('time.parse_ns', ['2006-01-02', '2017-02-30']).message).toBe(
      'time.parse_ns: parsing time "2017-02-30": day out of range',
    );
    expect(hostError('time.parse_rfc3339_ns', ['2017-06-02T19:00:00Zjunk']).message).toBe(
      'time.parse_rfc3339_ns: parsing time "2017-06-02T19:00:00Zjunk": extra text: "junk"',
    );
  });

  it('parses durations like Go', () => {
    expect(callHost('time.parse_duration_ns', ['1h30m'])).toBe(5400 * SEC);
    expect(callHost('time.parse_duration_ns', ['-1.5s'])).toBe(-1.5 * SEC);
    expect(callHost('time.parse_duration_ns', ['1µs'])).toBe(1000);
    expect(callHost('time.parse_duration_ns', ['0'])).toBe(0);
    expect(callHost('time.parse_duration_ns', ['2562047h'])).toBe(9223369200000000000n);
    expect(hostError('time.parse_duration_ns', ['1'])).toEqual({
      code: 'eval_builtin_error',
      message: 'time.parse_duration_ns: time: missing unit in duration "1"',
    });
    expect(hostError('time.parse_duration_ns', ['3d']).message).toBe('time.parse_duration_ns: time: unknown unit "d" in duration "3d"');
    expect(hostError('time.parse_duration_ns', ['']).message).toBe('time.parse_duration_ns: time: invalid duration ""');
  });

  it('formats with the default RFC3339Nano layout, named layouts and zones', () => {
    expect(callHost('time.format', [1496430000123000000])).toBe('2017-06-02T19:00:00.123Z');
    expect(callHost('time.format', [[1496430000 * SEC, 'America/New_York']])).toBe('2017-06-02T15:00:00-04:00');
    expect(callHost('time.format', [[1496430000 * SEC, 'Europe/Paris', 'Monday, 02-Jan-06 03:04:05 PM -0700']])).toBe(
      'Friday, 02-Jun-17 09:00:00 PM +0200',
    );
    expect(callHost('time.format', [[1496430000 * SEC, 'America/Los_Angeles', 'RFC1123']])).toBe('Fri, 02 Jun 2017 12:00:00 PDT');
    expect(callHost('time.format', [[1496430000 * SEC, 'UTC', '2006-01-02 .000 __2 002']])).toBe('2017-06-02 .000 153 153');
  });

  it('rejects bad time arguments with OPA wording', () => {
    expect(hostError('time.date', ['x'])).toEqual({
      code: 'eval_type_error',
      message: 'time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string',
    });
    expect(hostError('time.date', [[0, 'Mars/Olympus']])).toEqual({
      code: 'eval_builtin_error',
      message: 'time.date: unknown time zone Mars/Olympus',
    });
    expect(hostError('time.add_date', [0, 1.5, 0, 0]).message).toBe(
      'time.add_date: operand 2 must be integer number but got floating-point number',
    );
  });

  it('adds dates with Go normalisation and computes diffs', () => {
    // Jan 31 + 1 month = Feb 31 = Mar 3 (2021 is not a leap year).
    const jan31 = 1612051200 * SEC; // 2021-01-31T00:00:00Z
    expect(callHost('time.date', [callHost('time.add_date', [jan31, 0, 1, 0])])).toEqual([2021, 3, 3]);
    expect(callHost('time.diff', [jan31, 1496430000 * SEC])).toEqual([3, 7, 28, 5, 0, 0]);
    expect(callHost('time.diff', [[0, 'UTC'], [0, 'America/New_York']])).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
