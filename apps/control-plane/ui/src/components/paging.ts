/**
 * Paging a list endpoint (`limit`/`offset`; the answer's `total` counts every match) as plain
 * functions, so the rules are pinned by a spec (test/paging.spec.ts) rather than spread over
 * the pages and the pager.
 */

/** Rows per page of the list pages (the API takes up to 500). */
export const PAGE_SIZE = 100;

/** Thousands separated the same way whatever the browser's locale: the UI's text is English. */
const count = new Intl.NumberFormat('en');

/** The rows a page shows, counted from 1: `first`–`last` of `total` (`first` is 0 when it shows none). */
export function pageRange(offset: number, shown: number, total: number): { first: number; last: number; total: number } {
  return shown === 0 ? { first: 0, last: 0, total } : { first: offset + 1, last: offset + shown, total };
}

/** "201–300 of 1,234"; "1 of 1"; "None of 0". */
export function rangeText(offset: number, shown: number, total: number): string {
  const r = pageRange(offset, shown, total);
  if (r.first === 0) return `None of ${count.format(total)}`;
  const rows = r.first === r.last ? count.format(r.first) : `${count.format(r.first)}–${count.format(r.last)}`;
  return `${rows} of ${count.format(total)}`;
}

export const hasPrevious = (offset: number): boolean => offset > 0;
export const hasNext = (offset: number, limit: number, total: number): boolean => offset + limit < total;
export const previousOffset = (offset: number, limit: number): number => Math.max(0, offset - limit);
export const nextOffset = (offset: number, limit: number, total: number): number => (hasNext(offset, limit, total) ? offset + limit : offset);

/** Where the last page starts (0 for an empty list). */
export const lastOffset = (limit: number, total: number): number => (total <= 0 ? 0 : Math.floor((total - 1) / limit) * limit);

/** A pager is shown once there is more than one page, or the list is not on its first. */
export const needsPager = (offset: number, limit: number, total: number): boolean => offset > 0 || total > limit;

/**
 * After the list shrank under the page being read (its rows removed or expired, here or
 * elsewhere), the page to show instead: the last one that has rows. Null when the page is fine.
 */
export function settledOffset(offset: number, shown: number, limit: number, total: number): number | null {
  if (shown > 0 || offset === 0) return null;
  const last = lastOffset(limit, total);
  return last < offset ? last : null;
}

/**
 * The page being read, tied to the filters it was reached with: a change of filters starts
 * again at the first page (and going back to earlier filters does not restore an old page).
 */
export interface PagePosition {
  readonly filters: string;
  readonly offset: number;
}

export const offsetFor = (at: PagePosition, filters: string): number => (at.filters === filters ? at.offset : 0);

/**
 * The query of one page: the filters, `limit` and `offset`, and past the first page the entries
 * that hold it still (the decisions' `received_before`); the first page is always the live one.
 */
export function pageParams<F extends Record<string, unknown>, L extends Record<string, unknown>>(filters: F, later: L | undefined, limit: number, offset: number): F & Partial<L> & { limit: number; offset: number } {
  const held: Partial<L> = offset > 0 && later ? later : {};
  return { ...filters, ...held, limit, offset };
}

/** One page of a list held in the browser (a live snapshot), as the API would answer it. */
export function slicePage<T>(items: readonly T[], offset: number, limit: number): { items: T[]; total: number; limit: number; offset: number } {
  return { items: items.slice(offset, offset + limit), total: items.length, limit, offset };
}
