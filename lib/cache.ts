/**
 * Memoises an async read for `ttlMs`, sharing one in-flight call between concurrent callers.
 * Used for values every process must see change within a second (rollout stage, SLO figures),
 * where reading the database on every request would cost more than it tells.
 */
export function cached<K, V>(ttlMs: number, load: (key: K) => Promise<V>) {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  const get = (key: K): Promise<V> => {
    const now = performance.now();
    const entry = entries.get(key);
    if (entry && now - entry.at < ttlMs) return entry.value;
    const value = load(key);
    entries.set(key, { at: now, value });
    value.catch(() => entries.delete(key));
    return value;
  };
  return Object.assign(get, { clear: () => entries.clear() });
}
