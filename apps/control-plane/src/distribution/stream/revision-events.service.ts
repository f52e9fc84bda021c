/**
 * Turns revision-log entries into signed events, once per replica: the tailer and every
 * catching-up agent share the same signed bytes (recent ones are cached, so a reconnect
 * storm does not re-sign or re-read bundles). Each event is validated against the
 * contract before signing: a malformed log entry stops the stream here, loudly, instead
 * of reaching agents. Bundle revisions are signed per bundle scope: the scopes that got
 * a new bundle get it, every other scope one shared noop.
 */
import { Injectable } from '@nestjs/common';
import { PROTOCOL_VERSION, signEvent, validatePushedEvent, type PushedEvent, type SnapshotEvent } from '@vigil/contracts';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { DEFAULT_SCOPE, scopeOf, type AgentIdentity } from '../../bundle-scopes/scope-selector';
import { Bundle } from '../../bundles/bundle.entity';
import { readEnforcedState } from '../../publishing/enforced-state';
import { readRiskState } from '../../risk/risk-snapshot';
import { RevisionLogEntry } from '../../revisions/revision-log.entity';
import { SigningKeysService } from '../../signing/signing-keys.service';
import { bundlesOf, readScopeState } from './scope-routing';
import type { SignedEvent } from './signed-event';

const CACHE_SIZE = 2048;
/** Not a scope name (they match SCOPE_NAME): stands for "a scope without a new bundle". */
const OTHER_SCOPES = '';

type Lists = { put?: unknown[]; delete?: unknown[] };

@Injectable()
export class RevisionEventsService {
  /** By revision; bundle revisions by `revision/scope` (`revision/-`: the noop of scopes without a new bundle). */
  private readonly cache = new Map<string, SignedEvent>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: SigningKeysService,
  ) {}

  /**
   * The signed event an agent of bundle scope `scope` gets for a log entry: the entry's
   * delta, or for a bundle revision that scope's bundle, or a noop when the revision
   * built none for it (its `prev` chain stays gapless). Cached.
   */
  async forEntry(entry: RevisionLogEntry, prev: number, scope: string = DEFAULT_SCOPE): Promise<SignedEvent> {
    if (entry.kind === 'bundle') {
      const built = scope in bundlesOf(entry);
      return this.cached(`${entry.revision}/${built ? scope : '-'}`, async () => {
        const base = { v: PROTOCOL_VERSION, revision: entry.revision, prev, issued_at: Date.now() } as const;
        if (!built) return this.sign({ ...base, type: 'noop' }, null);
        const bundle = await this.dataSource.getRepository(Bundle).findOneBy({ scope, revision: entry.revision });
        if (!bundle) throw new Error(`revision ${entry.revision} built a bundle for scope ${scope} but no bundle row has that revision and scope`);
        return this.sign({ ...base, type: 'bundle', bundle: bundleRef(bundle) }, bundle.archive);
      });
    }
    return this.cached(String(entry.revision), () => {
      const base = { v: PROTOCOL_VERSION, revision: entry.revision, prev, issued_at: Date.now() } as const;
      const p = entry.payload as Lists;
      switch (entry.kind) {
        case 'data_delta':
        case 'role_binding_delta':
        case 'revocation':
        case 'signal':
        case 'risk':
          return this.sign({ ...base, type: entry.kind, put: (p.put ?? []) as never[], delete: (p.delete ?? []) as string[] }, null);
        default:
          return this.sign({ ...base, type: 'noop' }, null);
      }
    });
  }

  /** The event of every live agent outside the scopes this revision built a bundle for (for other kinds: everyone's). */
  forOtherScopes(entry: RevisionLogEntry, prev: number): Promise<SignedEvent> {
    return this.forEntry(entry, prev, OTHER_SCOPES);
  }

  /**
   * What an agent that this revision moves into `scope` gets for it: the scope's bundle in
   * force at the revision, as this revision's bundle event; null when the scope has none
   * (the caller sends a snapshot instead).
   */
  async moveIn(entry: RevisionLogEntry, prev: number, scope: string): Promise<SignedEvent | null> {
    if (scope in bundlesOf(entry)) return this.forEntry(entry, prev, scope);
    const bundle = await this.dataSource.getRepository(Bundle).findOne({ where: { scope, revision: LessThanOrEqual(entry.revision) }, order: { revision: 'DESC' } });
    if (!bundle) return null;
    return this.cached(`${entry.revision}/>${scope}`, () =>
      this.sign({ v: PROTOCOL_VERSION, type: 'bundle', revision: entry.revision, prev, issued_at: Date.now(), bundle: bundleRef(bundle) }, bundle.archive),
    );
  }

  /**
   * A snapshot of everything enforced, consistent at one revision (REPEATABLE READ), for
   * an agent: its bundle scope is resolved in the same snapshot (returned with it, and the
   * revision the selectors were read at).
   */
  async snapshot(agent: AgentIdentity): Promise<SignedEvent & { readonly scope: string; readonly scopeAsOf: number }> {
    const { event, archive, scope } = await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const scopes = await readScopeState(em);
      const head = scopes.asOf;
      const scope = scopeOf(agent, scopes.ordered);
      const state = await readEnforcedState(em);
      const risk = await readRiskState(em);
      const bundle = await em.getRepository(Bundle).findOne({ where: { scope, revision: LessThanOrEqual(head) }, order: { revision: 'DESC' } });
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
      return { event: snap, archive: bundle?.archive ?? null, scope };
    });
    return { ...(await this.sign(event, archive)), scope, scopeAsOf: event.revision };
  }

  /** The sha256 of `scope`'s bundle in force at `revision` (null when none was built by then). */
  async bundleShaAt(revision: number, scope: string = DEFAULT_SCOPE): Promise<string | null> {
    const b = await this.dataSource
      .getRepository(Bundle)
      .findOne({ where: { scope, revision: LessThanOrEqual(revision) }, order: { revision: 'DESC' }, select: { scope: true, revision: true, sha256: true } });
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

  private async cached(key: string, make: () => Promise<SignedEvent>): Promise<SignedEvent> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const signed = await make();
    this.cache.set(key, signed);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return signed;
  }
}

function bundleRef(b: Bundle) {
  return { sha256: b.sha256, size: b.size, manifest: b.manifest as never };
}
