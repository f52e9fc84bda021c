/**
 * Who is connecting: an agent token (`vga_...`, from POST /v1/agents) is looked up by its
 * sha256, as the control plane stores it. Re-checked whenever the revision log says an
 * agent changed, so a revoked or rotated credential loses its connection at once.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgentRow } from '../../agents/agent.entity';
import { hashToken } from '../../auth/api-key-tokens';

@Injectable()
export class AgentAuthService {
  constructor(private readonly dataSource: DataSource) {}

  async authenticate(token: unknown): Promise<AgentRow | null> {
    if (typeof token !== 'string' || token.length < 8 || token.length > 512) return null;
    return this.dataSource.getRepository(AgentRow).findOneBy({ tokenHash: hashToken(token) });
  }

  /** Whether a connection authenticated with `tokenHash` may stay: the agent exists and still holds that token. */
  async stillValid(agentId: string, tokenHash: string): Promise<boolean> {
    const row = await this.dataSource.getRepository(AgentRow).findOneBy({ id: agentId });
    return !!row && row.tokenHash === tokenHash;
  }
}
