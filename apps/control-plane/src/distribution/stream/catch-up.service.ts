/**
 * Brings one agent from its last applied revision to the live stream: a replay of the log
 * entries it missed, or one snapshot when replaying makes no sense (new agent, a bundle
 * other than the one in force at its revision, too far behind, or ahead of this database).
 * The socket joins the live room in the same tick as it is found caught up with the
 * tailer, so no revision falls between the replay and the live stream (an overlap is
 * possible and harmless: agents drop revisions they already applied).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { HelloPayload, HelloReply } from '@vigil/contracts';
import { RevisionsService } from '../../revisions/revisions.service';
import { LIVE_ROOM, type AgentSocket } from '../agents-namespace';
import { DISTRIBUTION_OPTIONS, type DistributionOptions } from '../distribution-options';
import { RevisionEventsService } from './revision-events.service';
import { RevisionTailer } from './revision-tailer.service';
import type { SignedEvent } from './signed-event';

const PAGE = 500;

export interface CatchUpPlan {
  readonly reply: HelloReply;
  /** Runs the replay or snapshot; resolves when the socket is live (false if superseded or gone). */
  readonly run: () => Promise<boolean>;
}

@Injectable()
export class CatchUpService {
  constructor(
    private readonly revisions: RevisionsService,
    private readonly events: RevisionEventsService,
    private readonly tailer: RevisionTailer,
    @Inject(DISTRIBUTION_OPTIONS) private readonly opts: DistributionOptions,
  ) {}

  async plan(socket: AgentSocket, hello: HelloPayload): Promise<CatchUpPlan> {
    const generation = ++socket.data.syncGeneration;
    void socket.leave(LIVE_ROOM);
    const head = await this.revisions.head();
    const applied = hello.applied_revision;
    const mode = await this.mode(applied, hello.bundle_sha256 ?? null, head);
    const reply: HelloReply = { mode, head, replica: this.opts.replicaId };
    const current = () => socket.connected && socket.data.syncGeneration === generation;
    const run = async (): Promise<boolean> => {
      let cursor = applied;
      if (mode === 'snapshot') {
        const snap = await this.events.snapshot();
        if (!current()) return false;
        socket.emit('snapshot', snap.jws, snap.archive ?? null);
        cursor = snap.revision;
      }
      for (;;) {
        if (!current()) return false;
        if (cursor >= this.tailer.position) {
          void socket.join(LIVE_ROOM); // same tick as the check: nothing can slip between
          break;
        }
        const rows = await this.revisions.after(cursor, PAGE);
        if (rows.length === 0) {
          await new Promise((r) => setTimeout(r, 5)); // the tailer is ahead of what this read saw; re-check
          continue;
        }
        for (const row of rows) {
          const event = await this.events.forEntry(row, cursor);
          if (!current()) return false;
          emit(socket, event);
          cursor = row.revision;
        }
      }
      // Let the agent confirm freshness now rather than at the next periodic heartbeat.
      const hb = await this.events.heartbeat(cursor);
      if (current()) socket.emit('heartbeat', hb.jws);
      return true;
    };
    return { reply, run };
  }

  private async mode(applied: number, sha: string | null, head: number): Promise<HelloReply['mode']> {
    if (applied === head) {
      return (await this.events.bundleShaAt(applied)) === sha ? 'current' : 'snapshot';
    }
    if (applied === 0 || applied > head || head - applied > this.opts.resumeLimit) return 'snapshot';
    return (await this.events.bundleShaAt(applied)) === sha ? 'resume' : 'snapshot';
  }
}

function emit(socket: AgentSocket, e: SignedEvent): void {
  if (e.name === 'bundle') socket.emit('bundle', e.jws, e.archive!);
  else (socket.emit as (name: string, jws: string) => boolean)(e.name, e.jws);
}
