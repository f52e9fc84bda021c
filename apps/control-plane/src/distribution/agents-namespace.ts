import { Injectable } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { AgentToServerEvents, ServerToAgentEvents } from '@vigil/contracts';

/** What the gateway learned about a connected agent when it authenticated. */
export interface AgentSocketData {
  agentId: string;
  name: string;
  service: string;
  labels: Record<string, string>;
  tokenHash: string;
  /** Bumped by every hello, so an older catch-up stops when a newer one starts. */
  syncGeneration: number;
  /** The bundle scope this socket is served as (its bundle revisions come from this scope). */
  scope: string;
  /** The revision of the scope selectors `scope` was resolved with: later selector changes may move it. */
  scopeAsOf: number;
}

export type AgentsNamespace = Namespace<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData>;
export type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData>;

/** Room of sockets that have caught up and receive revisions as they commit. */
export const LIVE_ROOM = 'live';
/** The live sockets of one bundle scope: they get that scope's bundle revisions; the rest of `live` get a noop. */
export const liveRoom = (scope: string) => `live:${scope}`;
export const agentRoom = (id: string) => `agent:${id}`;
export const serviceRoom = (service: string) => `service:${service}`;
export const labelRoom = (k: string, v: string) => `label:${k}=${v}`;

/** The `/agents` namespace, handed over by the gateway once socket.io is up, for services that push. */
@Injectable()
export class AgentsNamespaceRef {
  private nsp: AgentsNamespace | null = null;

  set(nsp: AgentsNamespace): void {
    this.nsp = nsp;
  }

  get(): AgentsNamespace | null {
    return this.nsp;
  }
}
