import { worthPushing } from './risk-aggregator.service';

describe('worthPushing (what agents must be told)', () => {
  const thresholds = [0.5, 0.9];

  it('pushes a change of a step or more either way', () => {
    expect(worthPushing(0.3, 0.32, 0.02, thresholds)).toBe(true);
    expect(worthPushing(0.3, 0.28, 0.02, thresholds)).toBe(true);
    expect(worthPushing(0.3, 0.31, 0.02, thresholds)).toBe(false);
  });

  it('pushes a smaller change that crosses a threshold, compared with > or with >=', () => {
    expect(worthPushing(0.495, 0.505, 0.02, thresholds)).toBe(true);
    expect(worthPushing(0.49, 0.5, 0.02, thresholds)).toBe(true); // >= 0.5 now holds
    expect(worthPushing(0.5, 0.51, 0.02, thresholds)).toBe(true); // > 0.5 now holds
    expect(worthPushing(0.905, 0.899, 0.02, thresholds)).toBe(true);
    expect(worthPushing(0.51, 0.52, 0.02, thresholds)).toBe(false);
    expect(worthPushing(0.51, 0.52, 0.02, [])).toBe(false);
  });
});
