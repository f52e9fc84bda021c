import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseConnection } from '../database/database-connection';
import type { RevisionLogEntry } from './revision-log.entity';

/** Called with the newest known head revision. A wake-up only: read the log for what changed. */
export type HeadListener = (head: number) => void;

const SAFETY_POLL_MS = 5000;
const RECONNECT_MS = 1000;
/** Local commits kept for consumers that have not read them yet (older ones are read from the log). */
const RECENT_LOCAL = 256;

/**
 * Wakes this replica whenever the revision head moves, whichever replica committed it:
 * commits made here call `advanced` directly; on Postgres a dedicated connection LISTENs
 * on `vigil_revisions` for the others' commits, and a slow poll of the head covers
 * notifications lost while that connection was reconnecting. (PGlite serves one process,
 * so local commits are all there is.) Consumers — the agent gateway in issue 4 — keep
 * their own cursor and read `RevisionsService.after(cursor)`; duplicate or coalesced
 * wake-ups are harmless.
 */
@Injectable()
export class RevisionFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RevisionFeed.name);
  private readonly listeners = new Set<HeadListener>();
  private readonly recent = new Map<number, RevisionLogEntry>();
  /** Sent with this process's NOTIFYs, so it skips its own: it hears its commits through `committed`, with their entries. */
  readonly origin = randomUUID();
  private known = 0;
  private listenClient: Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
    private readonly dataSource: DataSource,
  ) {}

  /** The newest head this replica has heard of. */
  get head(): number {
    return this.known;
  }

  subscribe(listener: HeadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A revision this replica committed, with its log entry: consumers that are exactly one
   * revision behind take it from here instead of reading the row they just wrote back from
   * the database (the common case: the write path pays no extra query for distribution).
   */
  committed(entry: RevisionLogEntry): void {
    this.recent.set(entry.revision, entry);
    if (this.recent.size > RECENT_LOCAL) this.recent.delete(this.recent.keys().next().value!);
    this.advanced(entry.revision);
  }

  /** The log entry of `revision` if this replica committed it recently, else undefined (read the log). */
  localEntry(revision: number): RevisionLogEntry | undefined {
    return this.recent.get(revision);
  }

  /**
   * Batches of local commits started and settled (announced through `committed`, or failed).
   * A head read from the database may include a local commit not yet announced; a consumer
   * woken by it would read back from the log what `committed` is about to hand it. So a head
   * read waits for the batches started before it, and only those: under steady writes new
   * batches keep starting, and waiting for none to be in flight would starve heartbeats.
   */
  private localBatchesStarted = 0;
  private localBatchesSettled = 0;
  private readonly settleWaiters: { mark: number; resolve: () => void }[] = [];

  /** A batch of local changes starts; `localSettled` must follow, after `committed` for each. */
  localStarted(): void {
    this.localBatchesStarted++;
  }

  localSettled(): void {
    this.localBatchesSettled++;
    for (let i = this.settleWaiters.length - 1; i >= 0; i--) {
      if (this.settleWaiters[i].mark > this.localBatchesSettled) continue;
      this.settleWaiters[i].resolve();
      this.settleWaiters.splice(i, 1);
    }
  }

  /**
   * The head as read by `read`, once every local batch started before the read has settled:
   * whatever of ours it includes has been announced with its entry by then.
   */
  async readHead(read: () => Promise<number>): Promise<number> {
    const mark = this.localBatchesStarted;
    const head = await read();
    if (this.localBatchesSettled < mark) await new Promise<void>((resolve) => this.settleWaiters.push({ mark, resolve }));
    return head;
  }

  /** A revision committed (here, or announced by another replica). */
  advanced(revision: number): void {
    if (revision <= this.known) return;
    this.known = revision;
    for (const l of this.listeners) {
      try {
        l(revision);
      } catch (e) {
        this.logger.error(`revision listener failed: ${(e as Error).message}`);
      }
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.poll();
    if (this.connection.kind === 'postgres') {
      await this.listen();
      this.pollTimer = setInterval(() => void this.poll(), SAFETY_POLL_MS);
      this.pollTimer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.listenClient;
    this.listenClient = null;
    await client?.end().catch(() => undefined);
  }

  private async poll(): Promise<void> {
    try {
      const head = await this.readHead(async () => {
        const rows: { revision: string }[] = await this.dataSource.query('SELECT revision FROM revision_head WHERE id = 1');
        return Number(rows[0].revision);
      });
      this.advanced(head);
    } catch (e) {
      this.logger.warn(`cannot read the revision head: ${(e as Error).message}`);
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.connection.url!, application_name: 'vigil-revision-listener' });
    client.on('notification', (msg) => {
      const [rev, origin] = (msg.payload ?? '').split(' ');
      const revision = Number(rev);
      if (origin !== this.origin && Number.isSafeInteger(revision)) this.advanced(revision);
    });
    client.on('error', (e) => this.reconnect(client, e));
    try {
      await client.connect();
      await client.query('LISTEN vigil_revisions');
      this.listenClient = client;
      await this.poll(); // anything committed while we were not listening
    } catch (e) {
      this.reconnect(client, e as Error);
    }
  }

  private reconnect(client: Client, e: Error): void {
    if (this.stopped || this.reconnectTimer) return;
    this.logger.warn(`revision listener lost its connection (${e.message}); reconnecting`);
    void client.end().catch(() => undefined);
    if (this.listenClient === client) this.listenClient = null;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) void this.listen();
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }
}
