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
   * Commits of this replica between their first statement and `committed`: a head read from
   * the database in that window may already include them, and a consumer woken by it would read
   * back from the log what `committed` is about to hand it. Head polls wait for them to settle.
   */
  private localCommits = 0;

  /** A batch of local changes starts; `localSettled` must follow, after `committed` for each. */
  localStarted(): void {
    this.localCommits++;
  }

  localSettled(): void {
    this.localCommits--;
  }

  /** Whether a commit of this replica may be visible in the database but not yet announced here. */
  get localCommitsInFlight(): boolean {
    return this.localCommits > 0;
  }

  /**
   * A head read from the database (safety poll, heartbeat). Ignored while local commits settle:
   * they announce themselves with their entries, and the next read catches anything else.
   */
  observed(revision: number): void {
    if (this.localCommits > 0) return;
    this.advanced(revision);
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
      const rows: { revision: string }[] = await this.dataSource.query('SELECT revision FROM revision_head WHERE id = 1');
      this.observed(Number(rows[0].revision));
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
