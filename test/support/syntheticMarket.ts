import { importCandles } from '@/lib/db/candles';

const PARALLEL_WRITES = 6;

/**
 * A seeded random walk of daily candles, so tests control the universe size and history. The
 * data depends only on the arguments; the symbols are written a few at a time, in parallel.
 */
export async function seedSyntheticSymbols(
  count: number,
  days: number,
  seed = 7,
): Promise<string[]> {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const symbols: string[] = [];
  const writes = new Set<Promise<unknown>>();
  for (let s = 0; s < count; s++) {
    const symbol = `SYN${String(s).padStart(3, '0')}`;
    let close = 50 + 100 * random();
    const candles = [];
    for (let d = 0; d < days; d++) {
      const open = close;
      close = Math.max(1, open * (1 + (random() - 0.5) * 0.04));
      candles.push({
        tf: '1d' as const,
        ts: new Date(Date.UTC(2020, 0, 1) + d * 86_400_000),
        o: open,
        h: Math.max(open, close) * 1.01,
        l: Math.min(open, close) * 0.99,
        c: close,
        v: 1000 + d,
      });
    }
    const write = importCandles({ symbol, exchangeTz: 'UTC', source: 'test', candles });
    writes.add(write);
    void write.finally(() => writes.delete(write)).catch(() => {});
    if (writes.size >= PARALLEL_WRITES) await Promise.race(writes);
    symbols.push(symbol);
  }
  await Promise.all(writes);
  return symbols;
}

/**
 * One daily series (UTC candles from 2000-01-03, the days of marketPaths' maturedOutcomesOf)
 * with the given closes, each opening at the previous close.
 */
export async function seedSyntheticSeries(symbol: string, closes: readonly number[]) {
  const candles = closes.map((c, d) => {
    const o = d === 0 ? c : closes[d - 1]!;
    return {
      tf: '1d' as const,
      ts: new Date(Date.UTC(2000, 0, 3) + d * 86_400_000),
      o,
      h: Math.max(o, c),
      l: Math.min(o, c),
      c,
      v: 1000,
    };
  });
  await importCandles({ symbol, exchangeTz: 'UTC', source: 'test', candles });
  return candles;
}
