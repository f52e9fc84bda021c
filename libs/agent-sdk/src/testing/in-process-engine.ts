/**
 * Test helper: a real VigilEngine holding a real compiled policy (our compiler, RegoPolicy),
 * fed the way the push stream feeds it (installBundle, deltas, heartbeat) but without a
 * control plane, for specs of the in-process surfaces.
 */
import { generateSigningKey, importTrustedKeys, type RoleBinding } from '@vigil/contracts';
import { compilePolicy, RegoPolicy } from '@vigil/rego';
import { VigilEngine } from '../vigil-engine';

export async function inProcessEngine(source: string, entrypoints: string[], bindings: RoleBinding[] = [], maxStalenessMs = 10_000): Promise<VigilEngine> {
  const compiled = compilePolicy({ modules: [{ path: 'policy.rego', source }], entrypoints });
  const policy = await RegoPolicy.load(compiled.wasm);
  const engine = await VigilEngine.create({ controlPlane: 'http://127.0.0.1:1', token: 'unused', trustedKeys: importTrustedKeys([generateSigningKey().publicJwk]), decisionLog: { enabled: false }, maxStalenessMs });
  engine.enforcer.installBundle({ sha256: 'a'.repeat(64), manifest: { revision: '1', roots: [''] }, policy, baseData: {} }, 1);
  engine.enforcer.applyDelta({ v: 1, type: 'role_binding_delta', revision: 2, prev: 1, issued_at: Date.now(), put: bindings, delete: [] });
  engine.enforcer.heartbeat(2);
  return engine;
}

/** Allows GET for anyone bound to "reader" and everything for "admin"; the user is the `x-user` header. */
export const HTTP_RBAC = `package http

default allow := false

user := input.attributes.request.http.headers["x-user"]

allow if {
  some b in data.vigil.role_bindings[user]
  b.role == "admin"
}

allow if {
  input.attributes.request.http.method == "GET"
  some b in data.vigil.role_bindings[user]
  b.role == "reader"
}
`;
