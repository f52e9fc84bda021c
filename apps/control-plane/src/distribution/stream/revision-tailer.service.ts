/**
 * Follows the revision log on this replica and pushes each committed revision, in order,
 * to the agents connected here that are live. Multi-replica fan-out is the log itself:
 * every replica tails the same Postgres log (woken by the control plane's NOTIFY through
 * RevisionFeed) and serves only its own sockets, so no socket.io adapter is needed and a
 * replica that missed a wake-up still catches up from the log. It also emits the signed
 * heartbeat, but only after it has pushed everything up to the head it just read, so a
 * heartbeat never vouches for a revision this replica has not delivered.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RevisionFeed } from '../../revisions/revision-feed';
import { RevisionsService } from '../../revisions/revisions.service';
import type { RevisionLogEntry } from '../../revisions/revision-log.entity';
import { AgentsNamespaceRef, LIVE_ROOM } from '../agents-namespace';
import { DISTRIBUTION_OPTIONS, type DistributionOptions } from '../distribution-options';
import { RevisionEventsService } from './revision-events.service';
import type { SignedEvent } from './signed-event';

const PAGE = 500;

@Injectable()
export class RevisionTailer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RevisionTailer.name);
  private cursor = 0;
  private draining: Promise<void> | null = null;
  private wakeAgain = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly entryListeners = new Set<(e: RevisionLogEntry) => void>();

  constructor(
    private readonly revisions: RevisionsService,
    private readonly feed: RevisionFeed,
    private readonly events: RevisionEventsService,
    private readonly nsp: AgentsNamespaceRef,
    @Inject(DISTRIBUTION_OPTIONS) private readonly opts: DistributionOptions,
  ) {}

  /** The last revision this replica has pushed to its live agents. */
  get position(): number {
    return this.cursor;
  }

  /** Called for each log entry after it is pushed (credential changes → disconnects). */
  onEntry(fn: (e: RevisionLogEntry) => void): void {
    this.entryListeners.add(fn);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Agents that connect catch up from their own revision; the live stream starts at the head.
    this.cursor = await this.revisions.head();
    this.unsubscribe = this.feed.subscribe(() => void this.wake());
    this.heartbeatTimer = setInterval(() => void this.beat(), this.opts.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
  }

  /** Pushes everything committed after the cursor; concurrent wake-ups coalesce into one more pass. */
  wake(): Promise<void> {
    if (this.draining) {
      this.wakeAgain = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.wakeAgain = false;
          await this.drain();
        } while (this.wakeAgain);
      } catch (e) {
        // The cursor stays put: the next wake-up or heartbeat retries from the same revision.
        this.logger.error(`cannot push revisions after ${this.cursor}: ${(e as Error).message}`);
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  /**
   * Pushes every revision up to the newest known head. Revisions committed on this replica
   * come from the feed's memory (no query); anything else is read from the log, one page
   * per query for all sockets. The loop stops at the known head rather than on an empty
   * read, so a wake-up costs no query at all for a local commit and one for a remote one.
   */
  private async drain(): Promise<void> {
    while (this.cursor < this.feed.head) {
      const local = this.feed.localEntry(this.cursor + 1);
      const rows = local ? [local] : await this.revisions.after(this.cursor, PAGE);
      if (rows.length === 0) return; // announced but not visible to this read yet: the next wake-up or beat retries
      for (const row of rows) {
        const event = await this.events.forEntry(row, this.cursor);
        this.broadcast(event);
        this.cursor = row.revision;
        for (const fn of this.entryListeners) fn(row);
      }
    }
  }

  private broadcast(e: SignedEvent): void {
    const live = this.nsp.get()?.to(LIVE_ROOM);
    if (!live) return;
    if (e.name === 'bundle') live.emit('bundle', e.jws, e.archive!);
    else (live.emit as (name: string, jws: string) => boolean)(e.name, e.jws);
  }

  private async beat(): Promise<void> {
    try {
      const head = await this.revisions.head();
      this.feed.advanced(head); // a wake-up lost on the way (NOTIFY reconnect) is caught here
      if (head > this.cursor) await this.wake();
      if (this.cursor < head) return; // not everything delivered: no heartbeat vouches for it
      const hb = await this.events.heartbeat(this.cursor);
      this.nsp.get()?.to(LIVE_ROOM).emit('heartbeat', hb.jws);
    } catch (e) {
      this.logger.warn(`heartbeat skipped: ${(e as Error).message}`);
    }
  }
}
