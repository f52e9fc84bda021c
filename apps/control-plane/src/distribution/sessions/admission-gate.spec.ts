import { AdmissionGate } from './admission-gate';

describe('AdmissionGate', () => {
  it('admits up to the limit, refuses with a jittered retry hint, and admits again after a release', () => {
    const gate = new AdmissionGate(2, 500, () => 0.5);
    const a = gate.tryEnter();
    const b = gate.tryEnter();
    expect('release' in a && 'release' in b).toBe(true);
    expect(gate.tryEnter()).toEqual({ retryAfterMs: 750 });
    if ('release' in a) {
      a.release();
      a.release(); // idempotent
    }
    expect(gate.active).toBe(1);
    expect('release' in gate.tryEnter()).toBe(true);
    expect('retryAfterMs' in gate.tryEnter()).toBe(true);
  });
});
