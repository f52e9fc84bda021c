/**
 * Turns revision-log entries into signed events, once per replica: the tailer and every
 * catching-up agent share the same signed bytes (recent ones are cached, so a reconnect
 * storm does not re-sign or re-read bundles). Each event is validated against the
 * contract before signing: a malformed log entry stops the stream here, loudly, instead
 * of reaching agents.
 */
import { Injectable } from '@nestjs/common';
import { PROTOCOL_VERSION, signEvent, validatePushedEvent, type PushedEvent, type RevisionEvent, type SnapshotEvent } from '@vigil/contracts';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { Bundle } from '../../bundles/bundle.entity';
import { readEnforcedState } from '../../publishing/enforced-state';
import { readRiskState } from '../../risk/risk-snapshot';
import { RevisionLogEntry } from '../../revisions/revision-log.entity';
import { SigningKeysService } from '../../signing/signing-keys.service';
import type { SignedEvent } from './signed-event';

const CACHE_SIZE = 2048;

type Lists = { put?: unknown[]; delete?: unknown[] };

@Injectable()
export class RevisionEventsService {
  private readonly cache = new Map<number, SignedEvent>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: SigningKeysService,
  ) {}

  /** The signed event for a log entry (cached by revision). */
  async forEntry(entry: RevisionLogEntry, prev: number): Promise<SignedEvent> {
    const hit = this.cache.get(entry.revision);
    if (hit) return hit;
    const base = { v: PROTOCOL_VERSION, revision: entry.revision, prev, issued_at: Date.now() } as const;
    let event: RevisionEvent;
    let archive: Buffer | null = null;
    const p = entry.payload as Lists;
    switch (entry.kind) {
      case 'bundle': {
        const bundle = await this.dataSource.getRepository(Bundle).findOneBy({ revision: entry.revision });
        if (!bundle) throw new Error(`revision ${entry.revision} is a bundle revision but no bundle row has that revision`);
        event = { ...base, type: 'bundle', bundle: bundleRef(bundle) };
        archive = bundle.archive;
        break;
      }
      case 'data_delta':
      case 'role_binding_delta':
      case 'revocation':
      case 'signal':
      case 'risk':
        event = { ...base, type: entry.kind, put: (p.put ?? []) as never[], delete: (p.delete ?? []) as string[] };
        break;
      default:
        event = { ...base, type: 'noop' };
    }
    const signed = await this.sign(event, archive);
    this.remember(signed);
    return signed;
  }

  /** A snapshot of everything enforced, consistent at one revision (REPEATABLE READ). */
  async snapshot(): Promise<SignedEvent> {
    const { event, archive } = await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const [{ revision }]: { revision: string }[] = await em.query('SELECT revision FROM revision_head WHERE id = 1');
      const head = Number(revision);
      const state = await readEnforcedState(em);
      const risk = await readRiskState(em);
      const bundle = await em.getRepository(Bundle).findOne({ where: { revision: LessThanOrEqual(head) }, order: { revision: 'DESC' } });
      const snap: SnapshotEvent = {
        v: PROTOCOL_VERSION,
        type: 'snapshot',
        revision: head,
        issued_at: Date.now(),
        bundle: bundle ? bundleRef(bundle) : null,
        data: state.data,
        role_bindings: state.roleBindings,
        revocations: state.revocations,
        signals: risk.signals,
        risk: risk.risk,
      };
      return { event: snap, archive: bundle?.archive ?? null };
    });
    return this.sign(event, archive);
  }

  /** The sha256 of the bundle in force at `revision` (null when none was published by then). */
  async bundleShaAt(revision: number): Promise<string | null> {
    const b = await this.dataSource.getRepository(Bundle).findOne({ where: { revision: LessThanOrEqual(revision) }, order: { revision: 'DESC' }, select: { revision: true, sha256: true } });
    return b?.sha256 ?? null;
  }

  async heartbeat(head: number): Promise<SignedEvent> {
    return this.sign({ v: PROTOCOL_VERSION, type: 'heartbeat', head, issued_at: Date.now() }, null);
  }

  private async sign(event: PushedEvent, archive: Buffer | null): Promise<SignedEvent> {
    validatePushedEvent(event);
    const key = await this.keys.signingKey();
    const revision = event.type === 'heartbeat' ? event.head : event.revision;
    return { name: event.type, revision, jws: signEvent(event, key), archive };
  }

  private remember(e: SignedEvent): void {
    this.cache.set(e.revision, e);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }
}

function bundleRef(b: Bundle) {
  return { sha256: b.sha256, size: b.size, manifest: b.manifest as never };
}
