import { initialLoad, listView, loadFailed, loadStarted, loadSucceeded, type LoadState } from '../src/components/load-state';

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
const count = (d: number[]) => d.length;

describe('load state', () => {
  it('first load: loading, then the data', () => {
    expect(initialLoad).toEqual({ data: null, error: null, loading: true });
    expect(listView(initialLoad, count)).toBe('loading');
    expect(listView(loadSucceeded(rows(2)), count)).toBe('rows');
  });

  it('a reload keeps the rows on screen while it runs', () => {
    const reloading = loadStarted(loadSucceeded(rows(3)));
    expect(reloading).toEqual({ data: rows(3), error: null, loading: true });
    expect(listView(reloading, count)).toBe('rows');
  });

  it('a failed reload keeps the last good rows beside its error, and the next success clears the error', () => {
    const failed = loadFailed(loadStarted(loadSucceeded(rows(3))), new Error('unreachable'));
    expect(failed).toEqual({ data: rows(3), error: new Error('unreachable'), loading: false });
    expect(listView(failed, count)).toBe('rows');
    expect(loadSucceeded(rows(1))).toEqual({ data: rows(1), error: null, loading: false });
  });

  it('a failed first load shows only its error; its retry shows loading again, still with the error', () => {
    const failed = loadFailed(initialLoad as LoadState<number[]>, new Error('401'));
    expect(listView(failed, count)).toBe('nothing');
    const retrying = loadStarted(failed);
    expect(retrying.error).toEqual(new Error('401'));
    expect(listView(retrying, count)).toBe('loading');
  });

  it('empty only once a load found nothing', () => {
    expect(listView(loadSucceeded(rows(0)), count)).toBe('empty');
    expect(listView(loadStarted(loadSucceeded(rows(0))), count)).toBe('empty');
    expect(listView(loadSucceeded({ items: [], total: 0 }), (p) => p.items.length)).toBe('empty');
  });
});
