/**
 * The list sections of the pages: load a page of a list endpoint, then show its error, its
 * first load, its empty message or its rows, and a pager when there is more than one page,
 * the same way everywhere.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { get, query } from '../api/client';
import type { Page } from '../api/types';
import { listView } from './load-state';
import { isPaged, Pager, type Paged } from './pager';
import { offsetFor, PAGE_SIZE, pageParams, settledOffset, slicePage, type PagePosition } from './paging';
import { Empty, ErrorAlert, Loading, useLoad, type Loaded } from './ui';

type QueryParams = Parameters<typeof query>[0];

/** A paged list as loaded: the page on screen, the page asked for, and a way to move. */
export type ListPage<T> = Loaded<Page<T>> &
  Paged & {
    /** Loads the first page again: after adding to a newest-first list, where the new row is. */
    readonly reloadFirst: () => void;
  };

/**
 * Loads one page (`limit` rows from `offset`) of a list endpoint (`Page<T>`: items and the
 * total that match) with `filters` as its query (empty ones left out), and again whenever
 * they change. A change of filters, or of `resetOn` (something else the list depends on),
 * goes back to the first page. When the list shrinks under the page being read, it moves
 * to the last page that has rows. `later` is sent with the pages after the first only, and
 * changing it keeps the page (the decisions' as-of time, which holds older pages still).
 */
export function useListPage<T>(path: string, filters: QueryParams = {}, opts: { limit?: number; resetOn?: string | number; later?: QueryParams } = {}): ListPage<T> {
  const limit = opts.limit ?? PAGE_SIZE;
  const key = path + query(filters) + (opts.resetOn === undefined ? '' : `#${JSON.stringify(opts.resetOn)}`);
  const [at, setAt] = useState<PagePosition>({ filters: key, offset: 0 });
  const offset = offsetFor(at, key);
  // Forget the page of earlier filters, so that coming back to them starts at the first page too.
  useEffect(() => setAt((a) => (a.filters === key ? a : { filters: key, offset: 0 })), [key]);
  const url = path + query(pageParams(filters, opts.later, limit, offset));
  const load = useLoad((s) => get<Page<T>>(url, s), [url, opts.resetOn]);
  const goTo = useCallback((o: number) => setAt({ filters: key, offset: Math.max(0, o) }), [key]);
  const { reload } = load;
  // Both updates land in one render: one request, for the first page.
  const reloadFirst = useCallback(() => {
    goTo(0);
    reload();
  }, [goTo, reload]);
  const page = load.data;
  useEffect(() => {
    if (!page || page.offset !== offset) return;
    const settled = settledOffset(page.offset, page.items.length, limit, page.total);
    if (settled !== null) goTo(settled);
  }, [page]);
  return { ...load, offset, limit, goTo, reloadFirst };
}

/**
 * Pages of a list the browser already holds (a live snapshot): the same shape as useListPage,
 * so the same LoadedList and Pager show it.
 */
export function useClientPage<T>(items: readonly T[] | null, limit = PAGE_SIZE): ListPage<T> {
  const [offset, setOffset] = useState(0);
  const page = items && slicePage(items, offset, limit);
  const settled = page && settledOffset(offset, page.items.length, limit, page.total);
  useEffect(() => {
    if (settled !== null && settled !== undefined) setOffset(settled);
  }, [settled]);
  const goTo = useCallback((o: number) => setOffset(Math.max(0, o)), []);
  return { data: page, error: null, loading: items === null, reload: noop, reloadFirst: () => goTo(0), offset, limit, goTo };
}

const noop = () => {};

/** A list as loaded: an array, or a page of one. */
type ListData = readonly unknown[] | Page<unknown>;
const itemCount = (d: ListData) => ('items' in d ? d.items.length : d.length);

/**
 * A list section's load in one place: the error with a retry, "Loading {what}…" on the first
 * load, `empty` once a load found nothing, else `children` with the data (kept on screen
 * through reloads and beside a failed reload's error), and under a paged list its pager
 * (`onPage` instead of moving straight there, for a page that does more on a move).
 */
export function LoadedList<T extends ListData>(props: { load: Loaded<T>; what: string; empty: ComponentChildren; onPage?: (offset: number) => void; children: (data: T) => ComponentChildren }) {
  const { load } = props;
  const view = listView(load, itemCount);
  return (
    <>
      <ErrorAlert error={load.error} onRetry={load.reload} />
      {view === 'loading' && <Loading what={props.what} />}
      {view === 'empty' && <Empty>{props.empty}</Empty>}
      {view === 'rows' && props.children(load.data!)}
      {isPaged(load) && <Pager list={load} what={props.what} onGo={props.onPage} />}
    </>
  );
}
