/* global fetch -- Node 20 has it; a plain script run by docker compose */
// One-shot compose step: registers the demo agent with the control plane (admin key) and
// leaves its token (shown once, at registration) and the control plane's public keys in
// CREDENTIALS_DIR, where the agent reads them. Does nothing when the token is already there
// (the agent keeps using it across restarts).
import { chownSync, existsSync, writeFileSync } from 'node:fs';

const { CONTROL_PLANE, VIGIL_ADMIN_KEY, AGENT_NAME, AGENT_SERVICE, CREDENTIALS_DIR: OUT } = process.env;
for (const [name, value] of Object.entries({ CONTROL_PLANE, AGENT_NAME, AGENT_SERVICE, CREDENTIALS_DIR: OUT })) {
  if (!value) {
    console.error(`register-agent: set ${name}`);
    process.exit(1);
  }
}
if (existsSync(`${OUT}/token`)) process.exit(0);
if (!VIGIL_ADMIN_KEY) {
  console.error('register-agent: set VIGIL_ADMIN_KEY (the bootstrap admin key) to register the demo agent');
  process.exit(1);
}
const auth = { authorization: `Bearer ${VIGIL_ADMIN_KEY}`, 'content-type': 'application/json' };
const res = await fetch(`${CONTROL_PLANE}/v1/agents`, { method: 'POST', headers: auth, body: JSON.stringify({ name: AGENT_NAME, service: AGENT_SERVICE, labels: { env: 'compose' } }) });
if (!res.ok) {
  console.error(`register-agent: POST /v1/agents answered ${res.status}: ${await res.text()}`);
  process.exit(1);
}
const { token } = await res.json();
const keys = await (await fetch(`${CONTROL_PLANE}/v1/keys`)).text();
writeFileSync(`${OUT}/keys.json`, keys);
writeFileSync(`${OUT}/token`, token, { mode: 0o600 });
// The agent image runs as `node` (uid 1000 in the official Node images): the secret is its alone.
// (Run as anyone but root, as the compose spec may, the files are already the runner's.)
if (process.getuid?.() === 0) for (const f of ['keys.json', 'token']) chownSync(`${OUT}/${f}`, 1000, 1000);
console.log(`register-agent: registered ${AGENT_NAME} (service ${AGENT_SERVICE})`);
