import { hasNext, hasPrevious, lastOffset, needsPager, nextOffset, offsetFor, pageParams, pageRange, previousOffset, rangeText, settledOffset, slicePage } from '../src/components/paging';

describe('paging', () => {
  it('says which rows a page shows, counted from 1, with thousands separated', () => {
    expect(pageRange(200, 100, 1234)).toEqual({ first: 201, last: 300, total: 1234 });
    expect(rangeText(200, 100, 1234)).toBe('201–300 of 1,234');
    expect(rangeText(0, 100, 250)).toBe('1–100 of 250');
    expect(rangeText(200, 50, 250)).toBe('201–250 of 250');
    expect(rangeText(1200, 1, 1201)).toBe('1,201 of 1,201');
    expect(rangeText(0, 0, 0)).toBe('None of 0');
  });

  it('moves a page at a time, never before the first row nor past the last', () => {
    expect(hasPrevious(0)).toBe(false);
    expect(hasPrevious(100)).toBe(true);
    expect(previousOffset(100, 100)).toBe(0);
    expect(previousOffset(30, 100)).toBe(0);
    expect(hasNext(0, 100, 250)).toBe(true);
    expect(nextOffset(0, 100, 250)).toBe(100);
    expect(nextOffset(100, 100, 250)).toBe(200);
    expect(hasNext(200, 100, 250)).toBe(false);
    expect(nextOffset(200, 100, 250)).toBe(200);
    // Exactly full pages: no empty page after the last.
    expect(hasNext(100, 100, 200)).toBe(false);
    expect(lastOffset(100, 200)).toBe(100);
    expect(lastOffset(100, 201)).toBe(200);
    expect(lastOffset(100, 0)).toBe(0);
  });

  it('shows a pager only when there is more than one page, or the list is not on its first', () => {
    expect(needsPager(0, 100, 100)).toBe(false);
    expect(needsPager(0, 100, 0)).toBe(false);
    expect(needsPager(0, 100, 101)).toBe(true);
    // The list shrank to one page while the reader was on the second: the pager stays to lead back.
    expect(needsPager(100, 100, 40)).toBe(true);
  });

  it('moves back to the last page with rows when the list shrank under the page being read', () => {
    expect(settledOffset(200, 0, 100, 200)).toBe(100); // the last row of page 3 was removed
    expect(settledOffset(200, 0, 100, 0)).toBe(0); // everything was removed
    expect(settledOffset(100, 0, 100, 150)).toBeNull(); // inconsistent answer (rows came back meanwhile): stay, the next load settles it
    expect(settledOffset(200, 1, 100, 201)).toBeNull();
    expect(settledOffset(0, 0, 100, 0)).toBeNull(); // an empty first page is simply empty
  });

  it('starts again at the first page when the filters change, and does not restore an old page when they change back', () => {
    const at = { filters: '/v1/role-bindings?subject=a', offset: 300 };
    expect(offsetFor(at, '/v1/role-bindings?subject=a')).toBe(300);
    expect(offsetFor(at, '/v1/role-bindings?subject=ab')).toBe(0);
    // useListPage replaces the position once the filters changed, so going back finds 0.
    const after = { filters: '/v1/role-bindings?subject=ab', offset: 0 };
    expect(offsetFor(after, '/v1/role-bindings?subject=a')).toBe(0);
  });

  it('holds pages after the first to their as-of entries; the first page is always the live one', () => {
    const filters = { subject: 'alice' };
    const later = { received_before: '2026-11-23T15:35:00.123456Z' };
    expect(pageParams(filters, later, 100, 0)).toEqual({ subject: 'alice', limit: 100, offset: 0 });
    expect(pageParams(filters, later, 100, 100)).toEqual({ subject: 'alice', received_before: '2026-11-23T15:35:00.123456Z', limit: 100, offset: 100 });
    expect(pageParams(filters, undefined, 50, 50)).toEqual({ subject: 'alice', limit: 50, offset: 50 });
  });

  it('pages a list held in the browser the way the API pages its lists', () => {
    const agents = Array.from({ length: 250 }, (_, i) => i);
    const second = slicePage(agents, 100, 100);
    expect(second).toMatchObject({ total: 250, limit: 100, offset: 100 });
    expect(second.items[0]).toBe(100);
    expect(second.items).toHaveLength(100);
    expect(slicePage(agents, 200, 100).items).toHaveLength(50);
    expect(slicePage(agents, 300, 100).items).toEqual([]);
  });
});
