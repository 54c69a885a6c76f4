'use client';

import { useState } from 'react';
import { useFeatures, useInstruments } from '@/lib/hooks/useMarket';
import { InstrumentTable } from '@/components/market/InstrumentTable';
import { PriceChart } from '@/components/market/PriceChart';
import { QueryState } from '@/components/ui/QueryState';

const RANGES = [
  { label: '6 months', limit: 126 },
  { label: '1 year', limit: 252 },
  { label: '5 years', limit: 1260 },
  { label: 'All', limit: 10_000 },
];

export function MarketOverview() {
  const instruments = useInstruments();
  const [choice, setChoice] = useState<{ symbol: string; tf: string } | null>(null);
  const [limit, setLimit] = useState(252);
  const first = instruments.data?.find((i) => i.series.length > 0);
  const selected = choice ?? (first ? { symbol: first.symbol, tf: first.series[0]!.tf } : null);
  const instrument = instruments.data?.find((i) => i.symbol === selected?.symbol);
  const features = useFeatures(selected?.symbol, selected?.tf, limit);

  return (
    <>
      <section className="panel">
        <h2>Symbols</h2>
        <QueryState
          query={instruments}
          live
          isEmpty={!first}
          emptyText="No market data yet: import a CSV or run the demo seed."
        >
          <InstrumentTable
            instruments={instruments.data ?? []}
            selected={selected ? `${selected.symbol}/${selected.tf}` : undefined}
            onSelect={(symbol, tf) => setChoice({ symbol, tf })}
          />
        </QueryState>
      </section>
      {selected && instrument && (
        <section className="panel">
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <h2>
              {selected.symbol} · {selected.tf} · close with EMA-20 / EMA-50{' '}
              <span className="muted" style={{ fontSize: '0.6em', fontWeight: 'normal' }}>
                exchange zone {instrument.exchangeTz}
              </span>
            </h2>
            <label>
              Range
              <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
                {RANGES.map((r) => (
                  <option key={r.limit} value={r.limit}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <QueryState query={features} live isEmpty={features.data?.length === 0}>
            <PriceChart
              points={features.data ?? []}
              timeZone={instrument.exchangeTz}
              intraday={selected.tf !== '1d'}
            />
          </QueryState>
        </section>
      )}
    </>
  );
}
