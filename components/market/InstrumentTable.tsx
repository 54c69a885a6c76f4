'use client';

import { useEffect, useState } from 'react';
import type { Instrument } from '@/lib/contracts/market';
import { feedStaleness } from '@/lib/domain/feedFreshness';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatAgo, formatTime } from '@/components/ui/format';

const price = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** One row per series (symbol × timeframe) with its latest candle. */
interface SeriesRow {
  instrument: Instrument;
  series: Instrument['series'][number];
}

export function InstrumentTable({
  instruments,
  selected,
  onSelect,
}: {
  instruments: Instrument[];
  selected?: string;
  onSelect: (symbol: string, tf: string) => void;
}) {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const staleness = ({ series }: SeriesRow) =>
    now ? feedStaleness(series.tf, new Date(series.ts), now) : null;
  const rows = instruments.flatMap((instrument) =>
    instrument.series.map((series) => ({ instrument, series })),
  );
  const stale = rows.filter((row) => row.instrument.active && staleness(row)?.stale);
  const columns: Column<SeriesRow>[] = [
    {
      key: 'symbol',
      header: 'Symbol',
      cell: ({ instrument, series }) => (
        <button className="secondary" onClick={() => onSelect(instrument.symbol, series.tf)}>
          {instrument.symbol}
        </button>
      ),
    },
    { key: 'tf', header: 'Timeframe', cell: ({ series }) => series.tf },
    { key: 'count', header: 'Candles', cell: ({ series }) => series.count.toLocaleString('en-US') },
    {
      key: 'latest',
      header: 'Latest',
      nowrap: true,
      cell: (row) => {
        const age = staleness(row);
        return (
          <>
            {formatTime(row.series.ts, row.instrument.exchangeTz)}
            {row.instrument.active && age?.stale && (
              <div className="error" data-testid="stale-feed">
                stale: no candle for {formatAgo(age.ageMs).replace(' ago', '')}
              </div>
            )}
          </>
        );
      },
    },
    { key: 'o', header: 'Open', cell: ({ series }) => price(series.o) },
    { key: 'h', header: 'High', cell: ({ series }) => price(series.h) },
    { key: 'l', header: 'Low', cell: ({ series }) => price(series.l) },
    { key: 'c', header: 'Close', cell: ({ series }) => price(series.c) },
    { key: 'zone', header: 'Zone', muted: true, cell: ({ instrument }) => instrument.exchangeTz },
  ];
  return (
    <>
      {stale.length > 0 && (
        <div className="banner warn" role="status" data-testid="stale-feeds">
          Stale data: {stale.map((r) => `${r.instrument.symbol} ${r.series.tf}`).join(', ')}{' '}
          {stale.length === 1 ? 'has' : 'have'} had no new candle for longer than the timeframe
          allows.
        </div>
      )}
      <DataTable
        label="Symbols"
        columns={columns}
        rows={rows}
        rowKey={({ instrument, series }) => `${instrument.symbol}-${series.tf}`}
        rowProps={({ instrument, series }) => ({
          'aria-selected': selected === `${instrument.symbol}/${series.tf}`,
        })}
      />
    </>
  );
}
