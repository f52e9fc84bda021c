import type { PushedEventType } from '@vigil/contracts';

/** An event ready to emit: its socket event name, the signed envelope, and the bundle archive if it carries one. */
export interface SignedEvent {
  readonly name: PushedEventType;
  readonly revision: number;
  readonly jws: string;
  readonly archive?: Buffer | null;
}
