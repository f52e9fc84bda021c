/**
 * Caches for analyses of checked program parts (rule-tree nodes, expressions). Those parts never
 * change while a program is planned and are shared between plans and index levels, so each is
 * analysed once.
 */

/** `analyse`, remembered per key object (an undefined result too); keys are held weakly. */
export function analysedOnce<K extends object, V extends object>(analyse: (key: K) => V | undefined): (key: K) => V | undefined {
  const cache = new WeakMap<K, V | null>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = analyse(key) ?? null;
      cache.set(key, v);
    }
    return v ?? undefined;
  };
}
