/**
 * The web UI's live view of the fleet: one poller per replica, shared by every open UI
 * (however many tabs), running only while someone watches. Agent acks are batched into
 * the database (no event fires when an agent catches up), so the snapshot is re-read on
 * every head move and once a second, and sent only when it changed.
 */
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AgentConnectionsService, type AgentStatus } from '../distribution/sessions/agent-connections.service';
import { RevisionFeed } from '../revisions/revision-feed';

/** What a UI receives on its live channel. */
export interface FleetSnapshot {
  readonly head: number;
  readonly agents: readonly AgentStatus[];
}

export type FleetListener = (snapshot: FleetSnapshot) => void;

const POLL_MS = 1000;
/** Coalesces a burst of revisions (a bulk import) into one read. */
const HEAD_DEBOUNCE_MS = 50;

@Injectable()
export class FleetWatch implements OnModuleDestroy {
  private readonly listeners = new Set<FleetListener>();
  private latest: FleetSnapshot | null = null;
  private latestJson = '';
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private unsubscribeFeed: (() => void) | null = null;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly connections: AgentConnectionsService,
    private readonly feed: RevisionFeed,
  ) {}

  /** Calls `listener` with the current snapshot at once (when known) and on every change. */
  subscribe(listener: FleetListener): () => void {
    this.listeners.add(listener);
    if (this.latest) listener(this.latest);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  onModuleDestroy(): void {
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    this.timer.unref();
    this.unsubscribeFeed = this.feed.subscribe(() => {
      if (this.soon) return;
      this.soon = setTimeout(() => {
        this.soon = null;
        void this.refresh();
      }, HEAD_DEBOUNCE_MS);
      this.soon.unref();
    });
    void this.refresh();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.unsubscribeFeed?.();
    this.timer = this.soon = null;
    this.unsubscribeFeed = null;
    this.latest = null;
    this.latestJson = '';
  }

  /** One read at a time; a refresh asked for during a read is served by that read. */
  private refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  private async read(): Promise<void> {
    let snapshot: FleetSnapshot;
    try {
      snapshot = { head: this.feed.head, agents: await this.connections.statuses() };
    } catch {
      return; // the database is briefly unavailable: keep the last snapshot, try again next tick
    }
    const json = JSON.stringify(snapshot);
    if (json === this.latestJson || this.listeners.size === 0) return;
    this.latest = snapshot;
    this.latestJson = json;
    for (const l of this.listeners) l(snapshot);
  }
}
