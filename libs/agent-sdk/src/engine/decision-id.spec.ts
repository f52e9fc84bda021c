import { decisionId } from './decision-id';

describe('decisionId', () => {
  it('is a version-7 UUID carrying the millisecond, ordered within and across milliseconds, and unique', () => {
    const at = Date.UTC(2026, 10, 23, 12, 0, 0, 5);
    const ids = [...Array.from({ length: 300 }, () => decisionId(at)), ...Array.from({ length: 300 }, () => decisionId(at + 1))];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays unique past 4,096 ids in one millisecond (the counter restarts with new random bits)', () => {
    const at = Date.UTC(2026, 10, 23, 12, 0, 1, 7);
    const ids = Array.from({ length: 10_000 }, () => decisionId(at));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 4096)).toEqual([...ids.slice(0, 4096)].sort());
  });
});
