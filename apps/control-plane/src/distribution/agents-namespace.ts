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
}

export type AgentsNamespace = Namespace<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData>;
export type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData>;

/** Room of sockets that have caught up and receive revisions as they commit. */
export const LIVE_ROOM = 'live';
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
