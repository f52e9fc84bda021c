/**
 * Starts an agent: restores the last verified state from disk, connects the push stream,
 * and serves the decision API (and the proxy when an upstream is configured).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { jsonLineLogger, VigilEngine, type EngineLogger } from '@vigil/agent-sdk';
import type { AgentConfig } from './config';
import { createApiServer, createProxyServer } from './http/agent-server';
import { AgentMetrics } from './http/metrics';

export const AGENT_VERSION = '0.1.0';

export interface RunningAgent {
  readonly engine: VigilEngine;
  readonly api: AddressInfo;
  readonly proxy: AddressInfo | null;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

export async function startAgent(config: AgentConfig, log: EngineLogger = jsonLineLogger('vigil-agent')): Promise<RunningAgent> {
  const metrics = new AgentMetrics();
  const engine = await VigilEngine.create({
    controlPlane: config.controlPlane,
    token: config.token,
    trustedKeys: config.trustedKeys,
    dataDir: config.dataDir,
    service: config.service,
    maxStalenessMs: config.maxStalenessMs,
    staleMode: config.staleMode,
    staleModeByEntrypoint: config.staleModeByEntrypoint,
    minRevisionWaitMs: config.minRevisionWaitMs,
    identityPaths: config.identityPaths,
    risk: config.risk,
    decisionLog: { enabled: config.decisionLog, maskPaths: config.maskPaths, spoolMaxBytes: config.spoolMaxBytes },
    logger: log,
    agentVersion: AGENT_VERSION,
    observeDecision: (d) => metrics.observe(d),
  });
  const apiServer = createApiServer(engine, config, metrics, log);
  const proxyServer = config.upstream ? createProxyServer(engine, config, metrics, log) : null;
  const api = await listen(apiServer, config.listen.host, config.listen.port);
  const proxy = proxyServer && config.proxyListen ? await listen(proxyServer, config.proxyListen.host, config.proxyListen.port) : null;
  engine.start();
  log.info('agent listening', { api: `${api.address}:${api.port}`, proxy: proxy ? `${proxy.address}:${proxy.port}` : null, upstream: config.upstream, control_plane: config.controlPlane });
  return {
    engine,
    api,
    proxy,
    async close() {
      await Promise.all([apiServer, proxyServer].filter((s): s is Server => !!s).map((s) => new Promise((r) => s.close(r))));
      apiServer.closeAllConnections();
      proxyServer?.closeAllConnections();
      await engine.close();
    },
  };
}
