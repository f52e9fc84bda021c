/**
 * RISC account-enabled against the real control plane and database: it lifts exactly what the
 * same transmitter's account-disabled put in place (an audited revision by `set:<transmitter>`),
 * and leaves alone revocations an operator, another transmitter or a later event made or changed.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { TestControlPlane } from '../../../test/control-plane-harness';
import { defaultKind } from '../../../test/test-database';
import { RISC } from './caep-mapping';

jest.setTimeout(60_000);

interface Outcome {
  event: string;
  action: string;
  detail: string;
  revision: number | null;
}

describe(`RISC account-enabled on ${defaultKind()}`, () => {
  const cp = TestControlPlane.forSuite(defaultKind());
  const keys = new Map<string, CryptoKey>();
  let jti = 0;

  beforeAll(async () => {
    for (const name of ['idp', 'hr']) {
      const pair = await generateKeyPair('ES256');
      keys.set(name, pair.privateKey);
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: `${name}-1`, alg: 'ES256' };
      const reg = await cp.post('/v1/shared-signals/transmitters', { name, issuer: `https://${name}.test`, jwks: { keys: [jwk] }, revokeSeconds: 600 });
      expect(reg.status).toBe(201);
    }
  });

  /** Pushes one RISC event about `user` from transmitter `from`; returns its outcome. */
  const push = async (from: string, event: string, user: string): Promise<Outcome> => {
    const jwt = await new SignJWT({ jti: `set-${++jti}`, events: { [`${RISC}${event}`]: {} }, sub_id: { format: 'iss_sub', iss: `https://${from}.test`, sub: user } })
      .setProtectedHeader({ alg: 'ES256', typ: 'secevent+jwt', kid: `${from}-1` })
      .setIssuer(`https://${from}.test`)
      .setIssuedAt()
      .sign(keys.get(from) as CryptoKey);
    const res = await cp.call('POST', '/v1/shared-signals/events', jwt, undefined, { 'content-type': 'application/secevent+jwt' });
    expect(res.status).toBe(202);
    return (res.body as { outcomes: Outcome[] }).outcomes[0] as Outcome;
  };
  const revocation = async (user: string) => (await cp.get(`/v1/revocations?kind=subject&value=${user}`)).body.items[0] as { id: string; revision: number } | undefined;

  it('lifts the revocation account-disabled put in place, in an audited revision', async () => {
    const disabled = await push('idp', 'account-disabled', 'alice');
    expect(disabled).toMatchObject({ action: 'revoke', detail: 'subject alice' });
    const { id } = (await revocation('alice'))!;
    const enabled = await push('idp', 'account-enabled', 'alice');
    expect(enabled).toMatchObject({ action: 'lift', detail: 'subject alice', revision: expect.any(Number) });
    expect(await revocation('alice')).toBeUndefined();
    const audit = (await cp.get(`/v1/audit-events?resource=revocation:${id}&action=revocation.delete`)).body.items;
    expect(audit).toMatchObject([{ actor: 'set:idp', revision: enabled.revision }]);
    const log = (await cp.get(`/v1/revisions?after=${(enabled.revision as number) - 1}&limit=1`)).body.items[0];
    expect(log).toMatchObject({ revision: enabled.revision, kind: 'revocation', actor: 'set:idp', payload: { put: [], delete: [id] } });
    // Enabled again: nothing is in force, nothing changes, no revision is used.
    const head = (await cp.get('/v1/revisions?limit=1')).body.head;
    expect(await push('idp', 'account-enabled', 'alice')).toMatchObject({ action: 'ignore', detail: expect.stringMatching(/no revocation of subject alice is in force/), revision: null });
    expect((await cp.get('/v1/revisions?limit=1')).body.head).toBe(head);
  });

  it('leaves an operator’s revocation in force', async () => {
    expect((await cp.post('/v1/revocations', { kind: 'subject', value: 'bob', reason: 'fraud case 12' })).status).toBe(200);
    expect(await push('idp', 'account-enabled', 'bob')).toMatchObject({ action: 'ignore', detail: expect.stringMatching(/is not the one this transmitter's account-disabled put in place/) });
    expect(await revocation('bob')).toBeDefined();
  });

  it('leaves it when it changed after the disable (an operator, or a later timed revocation)', async () => {
    await push('idp', 'account-disabled', 'carol');
    expect((await cp.post('/v1/revocations', { kind: 'subject', value: 'carol', reason: 'keep out until reviewed' })).status).toBe(200);
    expect(await push('idp', 'account-enabled', 'carol')).toMatchObject({ action: 'ignore' });
    expect(await revocation('carol')).toBeDefined();

    await push('idp', 'account-disabled', 'dave');
    await push('idp', 'sessions-revoked', 'dave'); // now a revocation for revokeSeconds: it expires by itself
    expect(await push('idp', 'account-enabled', 'dave')).toMatchObject({ action: 'ignore' });
    expect(await revocation('dave')).toBeDefined();
  });

  it('does not undo another transmitter’s disable, nor a purge', async () => {
    await push('hr', 'account-disabled', 'erin');
    expect(await push('idp', 'account-enabled', 'erin')).toMatchObject({ action: 'ignore' });
    expect(await revocation('erin')).toBeDefined();
    expect(await push('hr', 'account-enabled', 'erin')).toMatchObject({ action: 'lift' });
    expect(await revocation('erin')).toBeUndefined();

    await push('idp', 'account-purged', 'frank');
    expect(await push('idp', 'account-enabled', 'frank')).toMatchObject({ action: 'ignore' });
    expect(await revocation('frank')).toBeDefined();
  });

  it('lists what each event became in the receipts', async () => {
    const receipts = (await cp.get('/v1/shared-signals/receipts?limit=100')).body.items as { outcome: Outcome[] }[];
    const actions = receipts.flatMap((r) => r.outcome.map((o) => `${o.event.slice(RISC.length)}:${o.action}`));
    expect(actions).toEqual(expect.arrayContaining(['account-disabled:revoke', 'account-enabled:lift', 'account-enabled:ignore']));
    // One transmitter's, named.
    const hr = ((await cp.get('/v1/shared-signals/transmitters')).body as { id: string; name: string }[]).find((t) => t.name === 'hr')!;
    const mine = await cp.get(`/v1/shared-signals/receipts?transmitter_id=${hr.id}`);
    expect(mine.body.total).toBe(2); // erin disabled, then enabled
    expect(mine.body.items.every((r: { transmitter: string }) => r.transmitter === 'hr')).toBe(true);
    expect((await cp.get('/v1/shared-signals/receipts?transmitter_id=nope')).status).toBe(400);
  });
});
