import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashToken, newToken } from '../auth/api-key-tokens';
import { ConflictError, InvalidRequestError, NotFoundError } from '../common/domain-error';
import { page, type Page } from '../common/pagination';
import { AgentConnectionsService, type AgentStatus as ConnectionStatus } from '../distribution/sessions/agent-connections.service';
import { RevisionFeed } from '../revisions/revision-feed';
import { RevisionsService } from '../revisions/revisions.service';
import { scopeOf, type ScopeSelector } from '../bundle-scopes/scope-selector';
import { readScopeSelectors } from '../policies/policy-set';
import { AgentRow } from './agent.entity';
import type { AgentQuery, RegisterAgentDto } from './dto/register-agent.dto';

/** `never_seen` until the agent first connects; `current` when it has applied the head; `behind` otherwise. */
export type AgentStatus = 'never_seen' | 'current' | 'behind';

export interface AgentView {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly labels: Record<string, string>;
  /** The bundle scope its service and labels select now (what it is served as once connected). */
  readonly bundleScope: string;
  readonly status: AgentStatus;
  readonly lastSeenAt: string | null;
  readonly appliedRevision: number | null;
  /** Revisions the agent has not applied yet (head − applied). */
  readonly lag: number | null;
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Push connection as the gateway recorded it (any replica): state, replica serving it, times, decision-log drops. */
  readonly connection: {
    readonly state: ConnectionStatus['state'];
    readonly replica: string | null;
    readonly connectedAt: string | null;
    readonly ackedAt: string | null;
    readonly decisionsDropped: number;
  };
}

/**
 * Agent registrations. The token is returned once at registration and stored as sha256;
 * `authenticate` is what the agent gateway (issue 4) calls on connect.
 */
@Injectable()
export class AgentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
    private readonly feed: RevisionFeed,
    private readonly connections: AgentConnectionsService,
  ) {}

  async register(actor: string, dto: RegisterAgentDto) {
    const labels = dto.labels ?? {};
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string' || !/^[A-Za-z0-9._/-]{1,128}$/.test(k)) {
        throw new InvalidRequestError('VALIDATION_FAILED', `labels.${k}: keys are 1-128 of [A-Za-z0-9._/-] and values are strings`);
      }
    }
    const token = newToken('vga');
    const { result, revision } = await this.revisions.commit(actor, async (change) => {
      if (await change.em.existsBy(AgentRow, { name: dto.name })) {
        throw new ConflictError('AGENT_EXISTS', `name: an agent named ${dto.name} is already registered`);
      }
      const row = change.em.create(AgentRow, {
        id: randomUUID(),
        name: dto.name,
        service: dto.service,
        labels,
        tokenHash: hashToken(token),
        lastSeenAt: null,
        appliedRevision: null,
        revision: change.revision,
        createdAt: change.now,
        createdBy: change.actor,
      });
      await change.em.insert(AgentRow, row);
      // Agent scope changes are revisions too; nothing to enforce, so agents see a noop.
      change.log('noop', `agent:${row.id}`, { agent: { id: row.id, name: row.name, service: row.service, labels } });
      const scopes = await readScopeSelectors(change.em);
      change.audit('agent.register', `agent:${row.id}`, null, this.view(row, change.revision, undefined, scopes));
      return { row, scopes };
    });
    return { agent: this.view(result.row, revision, undefined, result.scopes), token, revision };
  }

  async list(q: AgentQuery): Promise<Page<AgentView>> {
    const [rows, total] = await this.dataSource
      .getRepository(AgentRow)
      .findAndCount({ where: q.service ? { service: q.service } : {}, order: { name: 'ASC' }, take: q.limit, skip: q.offset });
    const head = await this.revisions.head();
    const conns = await this.connectionsOf(rows);
    const scopes = await readScopeSelectors(this.dataSource.manager);
    return page(rows.map((r) => this.view(r, head, conns.get(r.id), scopes)), total, q);
  }

  async get(id: string): Promise<AgentView> {
    const row = await this.dataSource.getRepository(AgentRow).findOneBy({ id });
    if (!row) throw notFound(id);
    const conns = await this.connectionsOf([row]);
    return this.view(row, await this.revisions.head(), conns.get(id), await readScopeSelectors(this.dataSource.manager));
  }

  /** The gateway's view of these agents (acks still pending in this replica's memory included). */
  private async connectionsOf(rows: readonly AgentRow[]): Promise<Map<string, ConnectionStatus>> {
    if (rows.length === 0) return new Map();
    const statuses = await this.connections.statuses(rows.map((r) => r.id));
    return new Map(statuses.map((s) => [s.id, s]));
  }

  async deregister(actor: string, id: string) {
    const { revision } = await this.revisions.commit(actor, async (change) => {
      const row = await change.em.findOneBy(AgentRow, { id });
      if (!row) throw notFound(id);
      await change.em.delete(AgentRow, { id });
      change.log('noop', `agent:${id}`, { agent: { id, deleted: true } });
      change.audit('agent.deregister', `agent:${id}`, this.view(row, change.revision), null);
    });
    return { id, deleted: true, revision };
  }

  /**
   * Replaces an agent's token (the old one stops working at once: the revision makes every
   * replica's gateway re-check and disconnect connections made with it). Returns the new
   * token, shown this once.
   */
  async rotateToken(actor: string, id: string) {
    const token = newToken('vga');
    const { revision } = await this.revisions.commit(actor, async (change) => {
      const row = await change.em.findOneBy(AgentRow, { id });
      if (!row) throw notFound(id);
      await change.em.update(AgentRow, { id }, { tokenHash: hashToken(token) });
      change.log('noop', `agent:${id}`, { agent: { id, token_rotated: true } });
      change.audit('agent.rotate_token', `agent:${id}`, null, { id });
    });
    return { id, token, revision };
  }

  /** The agent a token belongs to, or null. */
  async authenticate(token: string): Promise<AgentRow | null> {
    return this.dataSource.getRepository(AgentRow).findOneBy({ tokenHash: hashToken(token) });
  }

  /** Records an agent's acknowledgement (issue 4's gateway calls this). Never moves backwards. */
  async acknowledge(id: string, appliedRevision: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE agents SET last_seen_at = now(), applied_revision = GREATEST(COALESCE(applied_revision, 0), $2) WHERE id = $1`,
      [id, appliedRevision],
    );
  }

  private view(r: AgentRow, head: number = this.feed.head, c?: ConnectionStatus, scopes: readonly ScopeSelector[] = []): AgentView {
    // Acks reach agent_connections before agents.applied_revision: take the newer of the two.
    const applied = c && c.applied_revision > (r.appliedRevision ?? 0) ? c.applied_revision : r.appliedRevision;
    const lag = applied === null ? null : Math.max(0, head - applied);
    const seen = r.lastSeenAt !== null || (c !== undefined && c.state !== 'never_connected');
    const status: AgentStatus = !seen ? 'never_seen' : lag === 0 ? 'current' : 'behind';
    return {
      id: r.id,
      name: r.name,
      service: r.service,
      labels: r.labels,
      bundleScope: scopeOf(r, scopes),
      status,
      lastSeenAt: r.lastSeenAt ? r.lastSeenAt.toISOString() : null,
      appliedRevision: applied,
      lag,
      revision: r.revision,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      connection: {
        state: c?.state ?? 'never_connected',
        replica: c?.replica ?? null,
        connectedAt: c?.connected_at ?? null,
        ackedAt: c?.acked_at ?? null,
        decisionsDropped: c?.decisions_dropped ?? 0,
      },
    };
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('AGENT_NOT_FOUND', `no agent with id ${id}`);
}
