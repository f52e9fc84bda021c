/**
 * The UI's live channel (GET /v1/ui/events): the fleet and the head revision, pushed on
 * every change. One connection per tab, reconnecting with backoff; pages subscribe to
 * the latest snapshot through useFleet().
 */
import { useEffect, useState } from 'preact/hooks';
import { reportUnauthenticated } from './client';
import { storedKey } from './session';
import { SseParser } from './sse';
import type { FleetSnapshot } from './types';

export type LiveState = 'connecting' | 'live' | 'offline';

interface LiveValue {
  readonly snapshot: FleetSnapshot | null;
  readonly state: LiveState;
  readonly error: string | null;
}

let value: LiveValue = { snapshot: null, state: 'connecting', error: null };
const listeners = new Set<(v: LiveValue) => void>();
let controller: AbortController | null = null;

function set(v: Partial<LiveValue>): void {
  value = { ...value, ...v };
  for (const l of listeners) l(value);
}

/** Starts the channel (idempotent). Stopped by stopLive() on sign-out. */
export function startLive(): void {
  if (controller) return;
  const ctrl = new AbortController();
  controller = ctrl;
  void run(ctrl.signal);
}

export function stopLive(): void {
  controller?.abort();
  controller = null;
  set({ snapshot: null, state: 'connecting', error: null });
}

/** How many components listen (the shell's badge, plus the page's): a leak shows as growth. */
export function liveListenerCount(): number {
  return listeners.size;
}

async function run(signal: AbortSignal): Promise<void> {
  let delay = 500;
  while (!signal.aborted) {
    try {
      const res = await fetch('/v1/ui/events', { headers: { authorization: `Bearer ${storedKey() ?? ''}`, accept: 'text/event-stream' }, signal });
      if (res.status === 401) {
        // The key was revoked or deleted: back to sign-in, as any other request would.
        set({ state: 'offline', error: 'This API key is no longer accepted.' });
        reportUnauthenticated();
        return;
      }
      if (res.status === 403) {
        set({ state: 'offline', error: 'This API key may not read agents, so the fleet is not shown.' });
        return;
      }
      if (!res.ok || !res.body) throw new Error(`live channel answered ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      delay = 500;
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) break;
        for (const m of parser.push(chunk)) {
          if (m.event === 'fleet') set({ snapshot: JSON.parse(m.data) as FleetSnapshot, state: 'live', error: null });
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      set({ state: 'offline', error: (e as Error).message });
    }
    if (signal.aborted) return;
    set({ state: value.snapshot ? 'offline' : 'connecting' });
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}

/** The latest fleet snapshot and the channel's state; re-renders on every push. */
export function useLive(): LiveValue {
  const [v, setV] = useState(value);
  useEffect(() => {
    listeners.add(setV);
    setV(value);
    return () => void listeners.delete(setV);
  }, []);
  return v;
}
