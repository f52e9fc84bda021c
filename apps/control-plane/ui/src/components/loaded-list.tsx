/**
 * The list sections of the pages: load a page of a list endpoint, then show its error, its
 * first load, its empty message or its rows, the same way everywhere.
 */
import type { ComponentChildren } from 'preact';
import { get, query } from '../api/client';
import type { Page } from '../api/types';
import { listView } from './load-state';
import { Empty, ErrorAlert, Loading, useLoad, type Loaded } from './ui';

/**
 * Loads the first page of a list endpoint (`Page<T>`: items and the total that match) with
 * `params` as its query (`limit`, filters; empty ones left out), and again whenever they change.
 */
export function useListPage<T>(path: string, params: Parameters<typeof query>[0] = {}): Loaded<Page<T>> {
  const url = path + query(params);
  return useLoad((s) => get<Page<T>>(url, s), [url]);
}

/** A list as loaded: an array, or a page of one. */
type ListData = readonly unknown[] | Page<unknown>;
const itemCount = (d: ListData) => ('items' in d ? d.items.length : d.length);

/**
 * A list section's load in one place: the error with a retry, "Loading {what}…" on the first
 * load, `empty` once a load found nothing, else `children` with the data (kept on screen
 * through reloads and beside a failed reload's error).
 */
export function LoadedList<T extends ListData>(props: { load: Loaded<T>; what: string; empty: ComponentChildren; children: (data: T) => ComponentChildren }) {
  const { load } = props;
  const view = listView(load, itemCount);
  return (
    <>
      <ErrorAlert error={load.error} onRetry={load.reload} />
      {view === 'loading' && <Loading what={props.what} />}
      {view === 'empty' && <Empty>{props.empty}</Empty>}
      {view === 'rows' && props.children(load.data!)}
    </>
  );
}
