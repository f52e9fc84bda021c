/**
 * A bounded key → slot map with least-recently-used eviction, for per-subject and
 * per-service state kept in typed arrays (one array per field, indexed by slot). Lookup,
 * touch and eviction are O(1) and allocate nothing: the recency list is two Int32Arrays,
 * and a full table hands the least recently used slot to the new key (the owner resets
 * that slot's fields through `onReset`). Memory is fixed by `capacity`.
 */
export class SlotTable {
  private readonly index = new Map<string, number>();
  private readonly keys: (string | null)[];
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Most and least recently used slots (-1 when empty). */
  private head = -1;
  private tail = -1;
  private used = 0;
  evictions = 0;

  constructor(
    readonly capacity: number,
    private readonly onReset: (slot: number) => void,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.keys = new Array<string | null>(capacity).fill(null);
    this.prev = new Int32Array(capacity).fill(-1);
    this.next = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.used;
  }

  /** The slot of `key` without touching it, or -1. */
  peek(key: string): number {
    return this.index.get(key) ?? -1;
  }

  keyOf(slot: number): string | null {
    return this.keys[slot];
  }

  /** The slot of `key`, made most recently used; a new key takes a free or the least recently used slot. */
  acquire(key: string): number {
    let slot = this.index.get(key);
    if (slot !== undefined) {
      if (slot !== this.head) {
        this.unlink(slot);
        this.pushFront(slot);
      }
      return slot;
    }
    if (this.used < this.capacity) slot = this.used++;
    else {
      slot = this.tail;
      this.unlink(slot);
      this.index.delete(this.keys[slot]!);
      this.evictions++;
    }
    this.keys[slot] = key;
    this.index.set(key, slot);
    this.onReset(slot);
    this.pushFront(slot);
    return slot;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot];
    const n = this.next[slot];
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
    this.prev[slot] = -1;
    this.next[slot] = -1;
  }

  private pushFront(slot: number): void {
    this.prev[slot] = -1;
    this.next[slot] = this.head;
    if (this.head >= 0) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail < 0) this.tail = slot;
  }
}
