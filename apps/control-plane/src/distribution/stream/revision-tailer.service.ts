/**
 * Follows the revision log on this replica and pushes each committed revision, in order,
 * to the agents connected here that are live. Multi-replica fan-out is the log itself:
 * every replica tails the same Postgres log (woken by the control plane's NOTIFY through
 * RevisionFeed) and serves only its own sockets, so no socket.io adapter is needed and a
 * replica that missed a wake-up still catches up from the log. It also emits the signed
 * heartbeat, but only after it has pushed everything up to the head it just read, so a
 * heartbeat never vouches for a revision this replica has not delivered.
 *
 * Bundle scopes: a bundle revision goes to each scope's live room (`live:<scope>`) as that
 * scope's bundle, and to the rest of `live` as one noop. A revision that changes the scope
 * selectors re-resolves every live socket here; a socket that changes scope leaves the
 * live rooms and is handed to catch-up, which replays from the revision before and sends
 * it its new scope's bundle (or a snapshot) for this one. Everything from that
 * re-resolution to the cursor moving on runs in one tick, so a catch-up joining the live
 * rooms sees either the old position (and is re-resolved) or the new one.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RevisionFeed } from '../../revisions/revision-feed';
import { RevisionsService } from '../../revisions/revisions.service';
import type { RevisionLogEntry } from '../../revisions/revision-log.entity';
import { DEFAULT_SCOPE, scopeOf } from '../../bundle-scopes/scope-selector';
import { AgentsNamespaceRef, LIVE_ROOM, liveRoom, type AgentSocket, type AgentsNamespace } from '../agents-namespace';
import { DISTRIBUTION_OPTIONS, type DistributionOptions } from '../distribution-options';
import { RevisionEventsService } from './revision-events.service';
import { bundlesOf, readScopeState, scopesOf, type ScopeState } from './scope-routing';
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
  private moved: ((socket: AgentSocket, from: number) => void) | null = null;
  private scopeState: ScopeState = { asOf: 0, ordered: [] };

  constructor(
    private readonly dataSource: DataSource,
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

  /** The scope selectors as of `position`. */
  get scopes(): ScopeState {
    return this.scopeState;
  }

  /** Called for each log entry after it is pushed (credential changes → disconnects). */
  onEntry(fn: (e: RevisionLogEntry) => void): void {
    this.entryListeners.add(fn);
  }

  /** Who takes over a live socket that a selector change moves to another scope, from revision `from` on (catch-up). */
  onMoved(fn: (socket: AgentSocket, from: number) => void): void {
    this.moved = fn;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Agents that connect catch up from their own revision; the live stream starts at the head.
    this.scopeState = await readScopeState(this.dataSource.manager);
    this.cursor = this.scopeState.asOf;
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
        const prev = this.cursor;
        // Sign first (the only awaits); from here to the cursor moving on, one tick.
        const scoped = Object.keys(bundlesOf(row));
        const events = row.kind === 'bundle' ? await Promise.all(scoped.map((s) => this.events.forEntry(row, prev, s))) : [];
        const scopes = scopesOf(row);
        // Everyone else's event: for a bundle revision a noop, needed only if some scope (as of this revision) got no bundle.
        const others = row.kind !== 'bundle' || [DEFAULT_SCOPE, ...(scopes ?? this.scopeState.ordered).map((s) => s.name)].some((s) => !scoped.includes(s));
        const rest = others ? await this.events.forOtherScopes(row, prev) : null;
        const movers = scopes ? this.rescope(row.revision, scopes) : [];
        const nsp = this.nsp.get();
        if (nsp) {
          scoped.forEach((s, i) => emit(nsp.to(liveRoom(s)), events[i]));
          if (rest) emit(scoped.length > 0 ? nsp.to(LIVE_ROOM).except(scoped.map(liveRoom)) : nsp.to(LIVE_ROOM), rest);
        }
        this.cursor = row.revision;
        // Past this revision now, so their catch-up replays it (and moves them) rather than joining before it.
        for (const socket of movers) {
          if (this.moved) this.moved(socket, row.revision - 1);
          else socket.disconnect(true); // nobody to re-plan it: it reconnects and resumes
        }
        for (const fn of this.entryListeners) fn(row);
      }
    }
  }

  /** New selectors at `revision`: the live sockets whose scope changes leave the live rooms (returned, for catch-up). */
  private rescope(revision: number, ordered: ScopeState['ordered']): AgentSocket[] {
    this.scopeState = { asOf: revision, ordered };
    const movers: AgentSocket[] = [];
    const nsp = this.nsp.get();
    if (!nsp) return movers;
    for (const socket of nsp.sockets.values()) {
      if (!socket.rooms.has(LIVE_ROOM)) continue; // catching up: its catch-up re-resolves
      if (socket.data.scopeAsOf >= revision) continue; // resolved with these selectors or newer (hello ahead of this replica's tailer)
      const next = scopeOf(socket.data, ordered);
      if (next === socket.data.scope) {
        socket.data.scopeAsOf = revision;
        continue;
      }
      void socket.leave(LIVE_ROOM);
      void socket.leave(liveRoom(socket.data.scope));
      socket.data.syncGeneration++;
      movers.push(socket);
    }
    return movers;
  }

  private async beat(): Promise<void> {
    try {
      // Read so that this replica's own commits in it have been handed over with their entries.
      const head = await this.feed.readHead(() => this.revisions.head());
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

function emit(to: ReturnType<AgentsNamespace['to']>, e: SignedEvent): void {
  if (e.name === 'bundle') to.emit('bundle', e.jws, e.archive!);
  else (to.emit as (name: string, jws: string) => boolean)(e.name, e.jws);
}
