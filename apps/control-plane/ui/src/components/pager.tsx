/**
 * Previous/Next under a paged list, with where the reader is ("201–300 of 1,234") in a status
 * region that screen readers announce when the page changes. The buttons stay focusable at
 * either end (aria-disabled rather than disabled), so the focus is not lost on the last page.
 */
import type { Page } from '../api/types';
import { hasNext, hasPrevious, needsPager, nextOffset, pageRange, previousOffset, rangeText } from './paging';

/** What a pager needs of a list: the page on screen, the page asked for, and a way to move. */
export interface Paged {
  readonly data: Page<unknown> | null;
  readonly loading: boolean;
  readonly offset: number;
  readonly limit: number;
  readonly goTo: (offset: number) => void;
}

export const isPaged = (load: object): load is Paged => 'goTo' in load && 'limit' in load;

export function Pager(props: { list: Paged; what: string; onGo?: (offset: number) => void }) {
  const { list } = props;
  const page = list.data;
  if (!page || !needsPager(page.offset, list.limit, page.total)) return null;
  const go = props.onGo ?? list.goTo;
  const previous = hasPrevious(page.offset);
  const next = hasNext(page.offset, list.limit, page.total);
  // The rows on screen stay until the page asked for arrives; meanwhile the status says it is coming.
  const asked = list.loading && list.offset !== page.offset ? pageRange(list.offset, Math.min(list.limit, Math.max(0, page.total - list.offset)), page.total) : null;
  return (
    <nav class="pager" aria-label={`Pages of ${props.what}`}>
      <button type="button" aria-disabled={previous ? undefined : 'true'} onClick={() => previous && go(previousOffset(page.offset, list.limit))}>
        <span aria-hidden="true">‹ </span>Previous<span class="sr-only"> page of {props.what}</span>
      </button>
      <span class="pager-status" role="status" aria-live="polite" aria-atomic="true" data-testid="pager-status">
        {asked ? `Loading ${asked.first}–${asked.last}…` : rangeText(page.offset, page.items.length, page.total)}
      </span>
      <button type="button" aria-disabled={next ? undefined : 'true'} onClick={() => next && go(nextOffset(page.offset, list.limit, page.total))}>
        Next<span class="sr-only"> page of {props.what}</span>
        <span aria-hidden="true"> ›</span>
      </button>
    </nav>
  );
}
