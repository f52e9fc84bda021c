/**
 * Brings one agent from its last applied revision to the live stream: a replay of the log
 * entries it missed, or one snapshot when replaying makes no sense (new agent, a bundle
 * other than its scope's in force at its revision, too far behind, or ahead of this
 * database). The socket joins the live rooms in the same tick as it is found caught up
 * with the tailer, so no revision falls between the replay and the live stream (an
 * overlap is possible and harmless: agents drop revisions they already applied).
 *
 * Bundle scopes: the agent's scope is resolved with the selectors as of the hello; the
 * replay projects bundle revisions onto it (its scope's bundle, or a noop), and a later
 * selector change met on the way that moves the agent sends it its new scope's bundle in
 * force at that revision (or, when that scope has none, a snapshot). The tailer hands live
 * agents that a selector change moves back here, replaying from the revision before it.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { HelloPayload, HelloReply } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { scopeOf } from '../../bundle-scopes/scope-selector';
import { RevisionsService } from '../../revisions/revisions.service';
import type { RevisionLogEntry } from '../../revisions/revision-log.entity';
import { LIVE_ROOM, liveRoom, type AgentSocket } from '../agents-namespace';
import { DISTRIBUTION_OPTIONS, type DistributionOptions } from '../distribution-options';
import { RevisionEventsService } from './revision-events.service';
import { RevisionTailer } from './revision-tailer.service';
import { readScopeState, scopesOf } from './scope-routing';
import type { SignedEvent } from './signed-event';

const PAGE = 500;

export interface CatchUpPlan {
  readonly reply: HelloReply;
  /** Runs the replay or snapshot; resolves when the socket is live (false if superseded or gone). */
  readonly run: () => Promise<boolean>;
}

@Injectable()
export class CatchUpService {
  private readonly logger = new Logger(CatchUpService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
    private readonly events: RevisionEventsService,
    private readonly tailer: RevisionTailer,
    @Inject(DISTRIBUTION_OPTIONS) private readonly opts: DistributionOptions,
  ) {
    tailer.onMoved((socket, from) => this.resumeMoved(socket, from));
  }

  async plan(socket: AgentSocket, hello: HelloPayload): Promise<CatchUpPlan> {
    const generation = ++socket.data.syncGeneration;
    leaveLive(socket);
    const scopes = await readScopeState(this.dataSource.manager);
    const head = scopes.asOf;
    const scope = scopeOf(socket.data, scopes.ordered);
    socket.data.scope = scope;
    socket.data.scopeAsOf = scopes.asOf;
    const applied = hello.applied_revision;
    const mode = await this.mode(applied, hello.bundle_sha256 ?? null, head, scope);
    const reply: HelloReply = { mode, head, replica: this.opts.replicaId, scope };
    return { reply, run: () => this.sync(socket, generation, mode === 'snapshot' ? null : applied) };
  }

  /** A live socket a selector change moved: replay from `from` (the revision before the change) with its new scope. */
  private resumeMoved(socket: AgentSocket, from: number): void {
    const generation = socket.data.syncGeneration;
    this.sync(socket, generation, from).catch((e: Error) => {
      this.logger.error(`re-scoping agent ${socket.data.name} failed: ${e.message}`);
      socket.disconnect(true); // it reconnects (jittered) and resumes from what it applied
    });
  }

  /** Replays from `applied` (null: a snapshot first) up to the tailer, then joins the live rooms. */
  private async sync(socket: AgentSocket, generation: number, applied: number | null): Promise<boolean> {
    const current = () => socket.connected && socket.data.syncGeneration === generation;
    let cursor = applied ?? 0;
    if (applied === null) {
      const snap = await this.snapshot(socket, current);
      if (snap === null) return false;
      cursor = snap;
    }
    for (;;) {
      if (!current()) return false;
      if (cursor >= this.tailer.position) {
        // Same tick as the check: nothing can slip between, and a selector change the
        // tailer applies later finds this socket in the live rooms.
        void socket.join([LIVE_ROOM, liveRoom(socket.data.scope)]);
        break;
      }
      const rows = await this.revisions.after(cursor, PAGE);
      if (rows.length === 0) {
        await new Promise((r) => setTimeout(r, 5)); // the tailer is ahead of what this read saw; re-check
        continue;
      }
      for (const row of rows) {
        const moved = await this.moveFor(socket, row, cursor);
        if (!current()) return false;
        if (moved === 'snapshot') {
          const snap = await this.snapshot(socket, current);
          if (snap === null) return false;
          cursor = snap;
          break; // re-read from the snapshot's revision
        }
        const event = moved ?? (await this.events.forEntry(row, cursor, socket.data.scope));
        if (!current()) return false;
        emit(socket, event);
        cursor = row.revision;
      }
    }
    // Let the agent confirm freshness now rather than at the next periodic heartbeat.
    const hb = await this.events.heartbeat(cursor);
    if (current()) socket.emit('heartbeat', hb.jws);
    return true;
  }

  /**
   * When `row` changes the selectors (after those the socket's scope was resolved with)
   * and moves the socket: its new scope's bundle as this revision's event, or `snapshot`
   * when that scope has none. Null when the socket stays where it is.
   */
  private async moveFor(socket: AgentSocket, row: RevisionLogEntry, prev: number): Promise<SignedEvent | 'snapshot' | null> {
    if (row.revision <= socket.data.scopeAsOf) return null;
    const scopes = scopesOf(row);
    if (!scopes) return null;
    socket.data.scopeAsOf = row.revision;
    const next = scopeOf(socket.data, scopes);
    if (next === socket.data.scope) return null;
    socket.data.scope = next;
    return (await this.events.moveIn(row, prev, next)) ?? 'snapshot';
  }

  /** Sends a snapshot (the socket's scope resolved inside it); its revision, or null if the sync was superseded or the socket left. */
  private async snapshot(socket: AgentSocket, current: () => boolean): Promise<number | null> {
    const snap = await this.events.snapshot(socket.data);
    if (!current()) return null;
    socket.data.scope = snap.scope;
    socket.data.scopeAsOf = snap.scopeAsOf;
    socket.emit('snapshot', snap.jws, snap.archive ?? null);
    return snap.revision;
  }

  private async mode(applied: number, sha: string | null, head: number, scope: string): Promise<HelloReply['mode']> {
    if (applied === head) {
      return (await this.events.bundleShaAt(applied, scope)) === sha ? 'current' : 'snapshot';
    }
    if (applied === 0 || applied > head || head - applied > this.opts.resumeLimit) return 'snapshot';
    return (await this.events.bundleShaAt(applied, scope)) === sha ? 'resume' : 'snapshot';
  }
}

function leaveLive(socket: AgentSocket): void {
  for (const room of [...socket.rooms]) if (room === LIVE_ROOM || room.startsWith(liveRoom(''))) void socket.leave(room);
}

function emit(socket: AgentSocket, e: SignedEvent): void {
  if (e.name === 'bundle') socket.emit('bundle', e.jws, e.archive!);
  else (socket.emit as (name: string, jws: string) => boolean)(e.name, e.jws);
}
