/**
 * Disconnects agents whose credential stopped being valid. Registering, rotating or
 * revoking an agent is a revision (resource `agent:<id>`); when the tailer passes one,
 * every replica re-checks the sockets of that agent and closes those whose token is no
 * longer the agent's, after telling the agent why. Their reconnect is then refused.
 */
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AgentsNamespaceRef, agentRoom } from '../agents-namespace';
import { RevisionTailer } from '../stream/revision-tailer.service';
import { AgentAuthService } from './agent-auth.service';

@Injectable()
export class CredentialWatchService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CredentialWatchService.name);

  constructor(
    private readonly tailer: RevisionTailer,
    private readonly auth: AgentAuthService,
    private readonly nsp: AgentsNamespaceRef,
  ) {}

  onApplicationBootstrap(): void {
    this.tailer.onEntry((entry) => {
      if (entry.resource.startsWith('agent:')) void this.recheck(entry.resource.slice('agent:'.length));
    });
  }

  async recheck(agentId: string): Promise<number> {
    const nsp = this.nsp.get();
    if (!nsp) return 0;
    const sockets = await nsp.in(agentRoom(agentId)).fetchSockets();
    let closed = 0;
    for (const s of sockets) {
      if (await this.auth.stillValid(agentId, s.data.tokenHash)) continue;
      s.emit('goodbye', { code: 'AGENT_REVOKED', message: 'this agent credential was revoked or rotated' });
      s.disconnect(true);
      closed++;
    }
    if (closed > 0) this.logger.log(`closed ${closed} connection(s) of agent ${agentId}: credential revoked or rotated`);
    return closed;
  }
}
