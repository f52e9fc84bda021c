import { Enforcer } from './enforcer';
import type { Decision } from './decision';

const revoke = (revision: number, kind: 'subject' | 'token_id' | 'session' | 'service', value: string, expires_at?: string) => ({
  v: 1 as const,
  type: 'revocation' as const,
  revision,
  prev: revision - 1,
  issued_at: 0,
  put: [{ id: `r${revision}`, kind, value, expires_at }],
  delete: [],
});

describe('Enforcer (before any policy arrives)', () => {
  it('denies with no_policy when fresh and nothing is revoked', () => {
    const e = new Enforcer();
    e.heartbeat(0);
    const d = e.decideNow('authz/allow', { subject: 'bob' }) as Decision;
    expect(d).toMatchObject({ allowed: false, reason: 'no_policy', revision: 0 });
  });

  it('denies stale when the lease was never confirmed, and fresh after a heartbeat at or below applied', () => {
    const e = new Enforcer({ maxStalenessMs: 1000 });
    expect(e.decideNow('a', {}).reason).toBe('stale');
    e.heartbeat(5); // head ahead of applied: not confirmed
    expect(e.decideNow('a', {}).reason).toBe('stale');
    e.skip(5);
    e.heartbeat(5);
    expect(e.decideNow('a', {}).reason).toBe('no_policy');
  });

  it('lets an entrypoint opt out of stale denial', () => {
    const e = new Enforcer({ maxStalenessMs: 10, staleModeByEntrypoint: { 'public/ping': 'serve' } });
    expect(e.decideNow('authz/allow', {}).reason).toBe('stale');
    expect(e.decideNow('public/ping', {}).reason).toBe('no_policy');
  });

  it('denies revoked subjects, tokens, sessions and services found anywhere the defaults look', () => {
    const e = new Enforcer();
    e.applyDelta(revoke(1, 'subject', 'alice'));
    e.applyDelta(revoke(2, 'token_id', 'jti-9'));
    e.applyDelta(revoke(3, 'session', 's-1'));
    e.applyDelta(revoke(4, 'service', 'billing'));
    e.heartbeat(4);
    expect(e.decideNow('a', { subject: 'alice' }).reason).toBe('revoked');
    expect(e.decideNow('a', { subject: { type: 'user', id: 'alice' } }).reason).toBe('revoked');
    expect(e.decideNow('a', { user: 'bob', unverified_token_claims: { jti: 'jti-9' } }).reason).toBe('revoked');
    expect(e.decideNow('a', { user: 'bob', sid: 's-1' }).reason).toBe('revoked');
    expect(e.decideNow('a', { user: 'bob', service: 'billing' }).reason).toBe('revoked');
    expect(e.decideNow('a', { user: 'bob' }).reason).toBe('no_policy');
  });

  it('denies everything when its own service is revoked, and stops denying once a revocation is lifted or expires', () => {
    const e = new Enforcer({ service: 'orders' });
    e.applyDelta(revoke(1, 'service', 'orders'));
    e.heartbeat(1);
    expect(e.decideNow('a', { user: 'bob' }).reason).toBe('revoked');
    e.applyDelta({ v: 1, type: 'revocation', revision: 2, prev: 1, issued_at: 0, put: [], delete: ['r1'] });
    expect(e.decideNow('a', { user: 'bob' }).reason).toBe('no_policy');
    e.applyDelta(revoke(3, 'subject', 'carol', new Date(Date.now() - 1000).toISOString()));
    expect(e.decideNow('a', { user: 'carol' }).reason).toBe('no_policy');
  });

  it('waits for min_revision, answering once it is applied or revision_unavailable after the bound', async () => {
    const e = new Enforcer({ minRevisionWaitMs: 50 });
    e.heartbeat(0);
    const late = e.decide('a', {}, { minRevision: 3 }) as Promise<Decision>;
    const waited = e.decide('a', {}, { minRevision: 1 }) as Promise<Decision>;
    e.skip(1);
    expect((await waited).reason).toBe('no_policy'); // reached, and still within the lease
    const d = await late;
    expect(d).toMatchObject({ reason: 'revision_unavailable', revision: 1, allowed: false });
    expect(d.message).toMatch(/revision 3 not reached/);
  });

  it('reports every decision to onDecision with its latency', () => {
    const seen: string[] = [];
    const e = new Enforcer({ onDecision: (d, path) => seen.push(`${path}:${d.reason}`) });
    e.decideNow('authz/allow', {});
    expect(seen).toEqual(['authz/allow:stale']);
  });
});
