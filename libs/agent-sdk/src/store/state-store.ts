/**
 * The agent's last verified state on disk, so it can restart and decide while the control
 * plane is down (still under its freshness lease, whose confirmation time is stored too).
 * The bundle is stored with the signed envelope it arrived in and re-verified on load;
 * state.json is the agent's own record and is written atomically (temp file + rename).
 * Heartbeats only move the lease, so they rewrite the tiny lease.json, not the whole state.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkBundleArchive, openEvent, validateRevocation, validateRoleBinding, type TrustedKeys } from '@vigil/contracts';
import type { StateSnapshot } from '../state/enforced-state';
import { EnforcementError } from '../errors';

interface StoredState extends StateSnapshot {
  readonly confirmed_at: number;
  readonly bundle_sha256: string | null;
}

interface StoredEnvelope {
  readonly type: 'bundle' | 'snapshot';
  readonly jws: string;
}

export interface RestoredState {
  readonly snapshot: StateSnapshot;
  readonly confirmedAt: number;
  /** The verified archive and its sha256, when one was stored. */
  readonly bundle: { readonly archive: Uint8Array; readonly sha256: string } | null;
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

type Read = () => { snapshot: StateSnapshot; confirmedAt: number; bundleSha256: string | null };

export class StateStore {
  private pending: NodeJS.Timeout | null = null;
  private pendingState = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly debounceMs = 50,
  ) {}

  private get files() {
    return { state: join(this.dir, 'state.json'), lease: join(this.dir, 'lease.json'), archive: join(this.dir, 'bundle.tar.gz'), envelope: join(this.dir, 'bundle.envelope.json') };
  }

  /** Stores a verified bundle archive with the envelope that proves it. */
  saveBundle(archive: Uint8Array, envelope: StoredEnvelope): Promise<void> {
    this.writing = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await writeAtomic(this.files.archive, archive);
      await writeAtomic(this.files.envelope, JSON.stringify(envelope));
    });
    return this.writing;
  }

  /** Schedules a write (debounced; the latest state wins). `lease` changes write only lease.json. */
  scheduleSave(read: Read, what: 'state' | 'lease' = 'state'): void {
    if (what === 'state') this.pendingState = true;
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.write(read).catch(() => undefined);
    }, this.debounceMs);
    this.pending.unref?.();
  }

  /** Waits for scheduled and in-flight writes (the scheduled one is written now). */
  async flush(read?: Read): Promise<void> {
    if (this.pending && read) {
      clearTimeout(this.pending);
      this.pending = null;
      await this.write(read);
    }
    await this.writing;
  }

  private write(read: Read): Promise<void> {
    const { snapshot, confirmedAt, bundleSha256 } = read();
    const full = this.pendingState;
    this.pendingState = false;
    const stored: StoredState = { ...snapshot, confirmed_at: confirmedAt, bundle_sha256: bundleSha256 };
    this.writing = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true });
      if (full) await writeAtomic(this.files.state, JSON.stringify(stored));
      await writeAtomic(this.files.lease, JSON.stringify({ confirmed_at: confirmedAt }));
    });
    return this.writing;
  }

  /** Reads what a previous run stored; null when nothing is stored. Refuses a bundle whose envelope does not verify. */
  async load(keys: TrustedKeys): Promise<RestoredState | null> {
    let stateText: string;
    try {
      stateText = await readFile(this.files.state, 'utf8');
    } catch {
      return null;
    }
    let stored: StoredState;
    try {
      stored = JSON.parse(stateText) as StoredState;
      stored.role_bindings.forEach((b) => validateRoleBinding(b));
      stored.revocations.forEach((r) => validateRevocation(r));
      if (!Number.isSafeInteger(stored.revision) || !Array.isArray(stored.data)) throw new Error('bad revision or data');
    } catch (e) {
      throw new EnforcementError('STORE_UNREADABLE', `${this.files.state} is not a valid agent state: ${(e as Error).message}`);
    }
    let bundle: RestoredState['bundle'] = null;
    if (stored.bundle_sha256) {
      const envelope = JSON.parse(await readFile(this.files.envelope, 'utf8')) as StoredEnvelope;
      const event = openEvent(envelope.jws, keys, envelope.type);
      const ref = event.bundle;
      if (!ref || ref.sha256 !== stored.bundle_sha256) {
        throw new EnforcementError('STORE_UNREADABLE', `stored bundle envelope does not name bundle ${stored.bundle_sha256}`);
      }
      bundle = { archive: checkBundleArchive(await readFile(this.files.archive), ref), sha256: ref.sha256 };
    }
    const { confirmed_at, bundle_sha256: _sha, ...snapshot } = stored;
    let leaseAt = confirmed_at;
    try {
      leaseAt = Math.max(leaseAt, Number((JSON.parse(await readFile(this.files.lease, 'utf8')) as { confirmed_at?: unknown }).confirmed_at) || 0);
    } catch {
      /* no lease file: the state's own time stands */
    }
    return { snapshot, confirmedAt: leaseAt, bundle };
  }
}
