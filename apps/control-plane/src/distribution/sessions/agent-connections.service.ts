/**
 * Agent connection state across replicas: which replica serves each agent, whether it is
 * syncing or live, the revision it acknowledged and its lag behind the head. Acks arrive
 * per revision per agent, so they are kept in memory and written in batches (at most one
 * write per agent per flush), into agent_connections and the agents table's
 * applied_revision/last_seen_at. Lag is also exported as Prometheus gauges (drift).
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource, In } from 'typeorm';
import { AgentRow } from '../../agents/agent.entity';
import { MetricsService } from '../../metrics/metrics.service';
import { RevisionFeed } from '../../revisions/revision-feed';
import { DISTRIBUTION_OPTIONS, type DistributionOptions } from '../distribution-options';
import { AgentConnectionRow, type AgentConnectionState } from './agent-connection.entity';

const FLUSH_MS = 500;

/** What GET /v1/distribution/agents shows per agent. */
export interface AgentStatus {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly labels: Record<string, string>;
  readonly state: AgentConnectionState | 'never_connected';
  readonly replica: string | null;
  readonly applied_revision: number;
  readonly head: number;
  readonly lag: number;
  readonly acked_at: string | null;
  readonly connected_at: string | null;
  readonly decisions_dropped: number;
}

interface Local {
  name: string;
  applied: number;
  dirty: boolean;
  sockets: number;
}

@Injectable()
export class AgentConnectionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AgentConnectionsService.name);
  private readonly local = new Map<string, Local>();
  private timer: NodeJS.Timeout | null = null;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: RevisionFeed,
    metrics: MetricsService,
    @Inject(DISTRIBUTION_OPTIONS) private readonly opts: DistributionOptions,
  ) {
    // prom-client calls collect() with the gauge as `this`; capture what it reads instead.
    const local = this.local;
    const head = () => this.feed.head;
    new Gauge({
      name: 'vigil_agents_connected',
      help: 'Agents connected to this replica',
      registers: [metrics.registry],
      collect() {
        this.set([...local.values()].filter((l) => l.sockets > 0).length);
      },
    });
    new Gauge({
      name: 'vigil_agent_drift_revisions',
      help: 'Revisions each agent connected to this replica is behind the head (drift)',
      labelNames: ['agent'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const l of local.values()) if (l.sockets > 0) this.set({ agent: l.name }, Math.max(0, head() - l.applied));
      },
    });
    new Gauge({
      name: 'vigil_agent_drift_max_revisions',
      help: 'Largest drift among agents connected to this replica',
      registers: [metrics.registry],
      collect() {
        let max = 0;
        for (const l of local.values()) if (l.sockets > 0) max = Math.max(max, head() - l.applied);
        this.set(max);
      },
    });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  async connected(agentId: string, name: string): Promise<void> {
    const l = this.local.get(agentId) ?? { name, applied: 0, dirty: false, sockets: 0 };
    l.sockets++;
    this.local.set(agentId, l);
    await this.setState(agentId, 'syncing', { connected_at: new Date(), disconnected_at: null });
  }

  async live(agentId: string): Promise<void> {
    await this.setState(agentId, 'connected', {});
  }

  acked(agentId: string, revision: number): void {
    const l = this.local.get(agentId);
    if (!l || revision <= l.applied) return;
    l.applied = revision;
    l.dirty = true;
  }

  async disconnected(agentId: string): Promise<void> {
    const l = this.local.get(agentId);
    if (l && --l.sockets <= 0) {
      await this.flush();
      this.local.delete(agentId);
      await this.setState(agentId, 'disconnected', { disconnected_at: new Date() });
    }
  }

  async addDropped(agentId: string, dropped: number): Promise<void> {
    if (dropped > 0) await this.dataSource.query('UPDATE agent_connections SET decisions_dropped = decisions_dropped + $2 WHERE agent_id = $1', [agentId, dropped]);
  }

  /** Writes pending acks: one statement per table for all dirty agents. */
  flush(): Promise<void> {
    const dirty = [...this.local].filter(([, l]) => l.dirty);
    if (dirty.length === 0) return this.writes;
    for (const [, l] of dirty) l.dirty = false;
    const ids = dirty.map(([id]) => id);
    const revs = dirty.map(([, l]) => l.applied);
    this.writes = this.writes.then(async () => {
      try {
        await this.dataSource.query(
          `UPDATE agent_connections c SET applied_revision = GREATEST(c.applied_revision, v.rev), acked_at = now()
             FROM unnest($1::uuid[], $2::bigint[]) AS v(id, rev) WHERE c.agent_id = v.id`,
          [ids, revs],
        );
        await this.dataSource.query(
          `UPDATE agents a SET applied_revision = GREATEST(COALESCE(a.applied_revision, 0), v.rev), last_seen_at = now()
             FROM unnest($1::uuid[], $2::bigint[]) AS v(id, rev) WHERE a.id = v.id`,
          [ids, revs],
        );
      } catch (e) {
        this.logger.warn(`cannot record agent acks: ${(e as Error).message}`);
      }
    });
    return this.writes;
  }

  private async setState(agentId: string, state: AgentConnectionState, times: { connected_at?: Date; disconnected_at?: Date | null }): Promise<void> {
    const applied = this.local.get(agentId)?.applied ?? 0;
    await this.dataSource.query(
      `INSERT INTO agent_connections (agent_id, state, replica, connected_at, disconnected_at, applied_revision)
         VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (agent_id) DO UPDATE SET state = EXCLUDED.state, replica = EXCLUDED.replica,
         connected_at = COALESCE($4, agent_connections.connected_at),
         disconnected_at = CASE WHEN $7 THEN EXCLUDED.disconnected_at ELSE agent_connections.disconnected_at END,
         applied_revision = GREATEST(agent_connections.applied_revision, EXCLUDED.applied_revision)`,
      [agentId, state, this.opts.replicaId, times.connected_at ?? null, times.disconnected_at ?? null, applied, 'disconnected_at' in times],
    );
  }

  /** Every registered agent with its connection state and lag (any replica's view, from the database). */
  async statuses(agentIds?: readonly string[]): Promise<AgentStatus[]> {
    await this.flush();
    const head = this.feed.head;
    const agents = await this.dataSource.getRepository(AgentRow).find({ where: agentIds ? { id: In([...agentIds]) } : {}, order: { name: 'ASC' } });
    const rows = await this.dataSource.getRepository(AgentConnectionRow).findBy({ agentId: In(agents.map((a) => a.id)) });
    const byId = new Map(rows.map((r) => [r.agentId, r]));
    return agents.map((a) => {
      const c = byId.get(a.id);
      const applied = Math.max(c?.appliedRevision ?? 0, a.appliedRevision ?? 0);
      return {
        id: a.id,
        name: a.name,
        service: a.service,
        labels: a.labels,
        state: c?.state ?? 'never_connected',
        replica: c?.replica ?? null,
        applied_revision: applied,
        head,
        lag: Math.max(0, head - applied),
        acked_at: c?.ackedAt?.toISOString() ?? null,
        connected_at: c?.connectedAt?.toISOString() ?? null,
        decisions_dropped: c?.decisionsDropped ?? 0,
      };
    });
  }
}
