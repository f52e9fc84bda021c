/**
 * `vigil agent`: option definitions shared by the `vigil` CLI (apps/cli) and this file's
 * direct entry (`node dist/apps/agent/src/main.js ...`, used by tests and containers).
 */
import { Command } from 'commander';
import { AgentConfigError, ENV, resolveConfig, type RawAgentOptions } from './config';
import { startAgent } from './agent';

/** Adds the agent's options and action to a commander command. */
export function defineAgentCommand(cmd: Command): Command {
  return cmd
    .description('run the enforcement agent beside a service')
    .option('--control-plane <url>', `control plane base URL [${ENV.controlPlane}]`)
    .option('--token <token>', `agent token from POST /v1/agents [${ENV.token}]`)
    .option('--trusted-keys <jwks|@file>', `pinned control-plane public key(s), JWK/JWKS JSON or @file [${ENV.trustedKeys}]`)
    .option('--listen <host:port>', `decision API address (default 127.0.0.1:8181) [${ENV.listen}]`)
    .option('--upstream <url>', `enable the reverse proxy in front of this service [${ENV.upstream}]`)
    .option('--proxy-listen <host:port>', `proxy address (default: listen port + 1) [${ENV.proxyListen}]`)
    .option('--data-dir <dir>', `stored bundle, state and decision-log spool (default ./.vigil/agent) [${ENV.dataDir}]`)
    .option('--service <name>', `this agent's service (a service revocation naming it denies everything) [${ENV.service}]`)
    .option('--max-staleness <duration>', `deny "stale" when not confirmed current for this long (default 10s) [${ENV.maxStaleness}]`)
    .option('--stale-mode <spec>', `deny|serve, or per entrypoint: "deny,public/ping=serve" [${ENV.staleMode}]`)
    .option('--min-revision-wait <duration>', `longest wait for a request's min_revision (default 2s) [${ENV.minRevisionWait}]`)
    .option('--max-body <size>', `largest request body (default 1MiB) [${ENV.maxBody}]`)
    .option('--authzen-entrypoint <path>', `entrypoint for AuthZEN requests (default authz/allow) [${ENV.authzenEntrypoint}]`)
    .option('--ext-authz-entrypoint <path>', `entrypoint for ext_authz (default authz/allow) [${ENV.extAuthzEntrypoint}]`)
    .option('--proxy-entrypoint <path>', `entrypoint for proxied requests (default: the ext_authz one) [${ENV.proxyEntrypoint}]`)
    .option('--mask <paths>', `decision-log fields to mask, comma-separated (input.password,...) [${ENV.mask}]`)
    .option('--decision-log <on|off>', `send decision logs to the control plane (default on) [${ENV.decisionLog}]`)
    .option('--spool-max <size>', `decision-log disk buffer bound (default 64MiB) [${ENV.spoolMax}]`)
    .option('--revocation-fields <spec>', `where revocations look in the input: "subject=user,sub;session=sid" [${ENV.revocationFields}]`)
    .option('--risk <on|off>', `risk context in input.vigil and anomaly tracking (default on) [${ENV.risk}]`)
    .option('--risk-window <duration>', `sliding window of the anomaly counters (default 10s) [${ENV.riskWindow}]`)
    .option('--risk-origin-settle <duration>', `how long an origin must be known before it is usual (default 10m) [${ENV.riskOriginSettle}]`)
    .option('--risk-subjects <n>', `subjects tracked at most, least recently seen forgotten (default 100000) [${ENV.riskSubjects}]`)
    .option('--trusted-proxies <ips>', `peers whose X-Forwarded-For is believed (default loopback) [${ENV.trustedProxies}]`)
    .option('--agent-name <name>', `this agent's name in input.vigil.agent [${ENV.agentName}]`)
    .action(async (o: Record<string, string | undefined>) => {
      process.exitCode = await runAgent({
        controlPlane: o.controlPlane,
        token: o.token,
        trustedKeys: o.trustedKeys,
        listen: o.listen,
        upstream: o.upstream,
        proxyListen: o.proxyListen,
        dataDir: o.dataDir,
        service: o.service,
        maxStaleness: o.maxStaleness,
        staleMode: o.staleMode,
        minRevisionWait: o.minRevisionWait,
        maxBody: o.maxBody,
        authzenEntrypoint: o.authzenEntrypoint,
        extAuthzEntrypoint: o.extAuthzEntrypoint,
        proxyEntrypoint: o.proxyEntrypoint,
        mask: o.mask,
        decisionLog: o.decisionLog,
        spoolMax: o.spoolMax,
        revocationFields: o.revocationFields,
        risk: o.risk,
        riskWindow: o.riskWindow,
        riskOriginSettle: o.riskOriginSettle,
        riskSubjects: o.riskSubjects,
        trustedProxies: o.trustedProxies,
        agentName: o.agentName,
      });
    });
}

/** Runs until SIGINT/SIGTERM; resolves with the exit code. */
export async function runAgent(raw: RawAgentOptions): Promise<number> {
  let config;
  try {
    config = resolveConfig(raw);
  } catch (e) {
    if (e instanceof AgentConfigError) {
      process.stderr.write(`vigil agent: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const agent = await startAgent(config);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await agent.close();
  return 0;
}

if (require.main === module) {
  defineAgentCommand(new Command('vigil-agent'))
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      process.stderr.write(`vigil agent: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    });
}
