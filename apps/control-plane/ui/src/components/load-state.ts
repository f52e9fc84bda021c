/**
 * The state of a load (`useLoad`) and what a list section shows for it, as plain functions so
 * the rules are pinned by a spec (test/load-state.spec.ts) rather than spread over the pages.
 */

/** A load's state: the last data that arrived, the last error, and whether a request is under way. */
export interface LoadState<T> {
  readonly data: T | null;
  readonly error: unknown;
  readonly loading: boolean;
}

export const initialLoad: LoadState<never> = { data: null, error: null, loading: true };

/** A request starts: what is on screen stays there until it answers. */
export const loadStarted = <T>(s: LoadState<T>): LoadState<T> => ({ ...s, loading: true });

/** An answer replaces the data and clears an earlier error. */
export const loadSucceeded = <T>(data: T): LoadState<T> => ({ data, error: null, loading: false });

/** A failure is shown beside the data of the last good load, which stays. */
export const loadFailed = <T>(s: LoadState<T>, error: unknown): LoadState<T> => ({ data: s.data, error, loading: false });

/**
 * What a list section shows besides its error: "Loading…" on the first load only (a reload
 * keeps the rows), the empty message once a load found nothing, else the rows. Nothing when
 * the first load failed: the error says it all.
 */
export type ListView = 'loading' | 'empty' | 'rows' | 'nothing';

export function listView<T>(s: LoadState<T>, count: (data: T) => number): ListView {
  if (s.data === null) return s.loading ? 'loading' : 'nothing';
  return count(s.data) === 0 ? 'empty' : 'rows';
}
