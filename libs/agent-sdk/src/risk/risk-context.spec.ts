/**
 * The enforcer gives input.vigil only to policies that may read it (bundle manifest
 * `metadata.vigil_context`), and tracks anomalies either way; real compiled policies.
 */
import { compilePolicy, RegoPolicy } from '@vigil/rego';
import { Enforcer } from '../engine/enforcer';

const ECHO = `package t

echo := input
`;

async function enforcerWith(vigilContext: boolean | undefined): Promise<Enforcer> {
  const compiled = compilePolicy({ modules: [{ path: 't.rego', source: ECHO }], entrypoints: ['t/echo'] });
  const e = new Enforcer();
  const metadata = vigilContext === undefined ? undefined : { vigil_context: vigilContext };
  e.installBundle({ sha256: 'c'.repeat(64), manifest: { revision: '1', roots: [''], metadata }, policy: await RegoPolicy.load(compiled.wasm), baseData: {} }, 1);
  e.heartbeat(1);
  return e;
}

describe('risk context by bundle', () => {
  it('enriches when the manifest says the policies may read it, or says nothing', async () => {
    for (const flag of [true, undefined]) {
      const e = await enforcerWith(flag);
      const d = e.decideNow('t/echo', { subject: 'ann', n: 1 });
      expect(d.result).toMatchObject({ subject: 'ann', n: 1, vigil: { subject: 'ann', usual: { origin: true } } });
      expect(() => e.decideNow('t/echo', { subject: 'ann', vigil: 1 })).toThrow(/INPUT_RESERVED/);
    }
  });

  it('only counts when the policies cannot read it, and then accepts any input', async () => {
    const e = await enforcerWith(false);
    for (let i = 0; i < 30; i++) expect(e.decideNow('t/echo', { subject: 'ann', vigil: 'mine' }).result).toEqual({ subject: 'ann', vigil: 'mine' });
    expect(e.risk!.local('subject', 'ann').score).toBeGreaterThan(0.5); // 30 requests in a window: tracked all the same
  });
});
