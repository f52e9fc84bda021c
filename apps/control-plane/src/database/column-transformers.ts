import type { ValueTransformer } from 'typeorm';

/**
 * bigint columns (revisions) as JS numbers. pg returns int8 as text to avoid precision
 * loss; revisions stay far below 2^53, and a value beyond it is refused rather than rounded.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => {
    if (value === null || value === undefined) return null;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint ${value} exceeds the safe integer range`);
    return n;
  },
};
