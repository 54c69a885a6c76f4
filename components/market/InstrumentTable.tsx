import { formatInExchangeTime } from '@/lib/domain/exchangeTime';
import type { Instrument } from '@/lib/contracts/market';
import { DataTable, type Column } from '@/components/ui/DataTable';

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
      cell: ({ instrument, series }) =>
        formatInExchangeTime(new Date(series.ts), instrument.exchangeTz, series.tf !== '1d'),
    },
    { key: 'o', header: 'Open', cell: ({ series }) => price(series.o) },
    { key: 'h', header: 'High', cell: ({ series }) => price(series.h) },
    { key: 'l', header: 'Low', cell: ({ series }) => price(series.l) },
    { key: 'c', header: 'Close', cell: ({ series }) => price(series.c) },
    { key: 'zone', header: 'Zone', muted: true, cell: ({ instrument }) => instrument.exchangeTz },
  ];
  return (
    <DataTable
      label="Symbols"
      columns={columns}
      rows={instruments.flatMap((instrument) =>
        instrument.series.map((series) => ({ instrument, series })),
      )}
      rowKey={({ instrument, series }) => `${instrument.symbol}-${series.tf}`}
      rowProps={({ instrument, series }) => ({
        'aria-selected': selected === `${instrument.symbol}/${series.tf}`,
      })}
    />
  );
}
