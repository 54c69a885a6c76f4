'use client';

import { TIMEFRAMES, isTimeframe } from '@/lib/domain/timeframes';
import { useDrift } from '@/lib/hooks/useDrift';
import { useInstruments } from '@/lib/hooks/useMarket';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { QueryState } from '@/components/ui/QueryState';
import { useListParams } from '@/components/ui/useListParams';
import { DriftSeriesCard } from './DriftSeriesCard';

const REFERENCE_DAYS = ['30', '90', '180', '365'];

/** Feature drift per series, filtered by symbol, timeframe and reference length (in the URL). */
export function DriftPanel() {
  const list = useListParams({ symbol: '', tf: '', days: '90' });
  const { symbol, tf, days } = list.filters;
  const referenceDays = REFERENCE_DAYS.includes(days) ? Number(days) : 90;
  const instruments = useInstruments();
  const drift = useDrift({
    symbol: symbol || undefined,
    tf: isTimeframe(tf) ? tf : undefined,
    referenceDays,
  });
  const data = drift.data;
  const now = Date.now();

  return (
    <>
      <section className="panel" aria-label="Drift rule">
        <form className="row" aria-label="Filter drift" onSubmit={(e) => e.preventDefault()}>
          <FilterSelect
            label="Symbol"
            value={symbol}
            options={[
              { value: '', label: 'all symbols' },
              ...(instruments.data ?? []).map((i) => ({ value: i.symbol, label: i.symbol })),
            ]}
            onChange={(v) => list.setFilter('symbol', v)}
          />
          <FilterSelect
            label="Timeframe"
            value={tf}
            options={[
              { value: '', label: 'all timeframes' },
              ...TIMEFRAMES.map((t) => ({ value: t, label: t })),
            ]}
            onChange={(v) => list.setFilter('tf', v)}
          />
          <FilterSelect
            label="Reference window"
            value={String(referenceDays)}
            options={REFERENCE_DAYS.map((d) => ({ value: d, label: `${d} days before` }))}
            onChange={(v) => list.setFilter('days', v)}
          />
        </form>
        <p data-testid="drift-rule">
          <strong>Rule.</strong> RSI-14 and MACD histogram of each series’ last 7 days (before its
          last candle) against the {referenceDays} days before them: {data?.rule}
        </p>
        <p className="muted">Quartiles: {data?.quantileMethod ?? '…'}.</p>
      </section>
      <QueryState
        query={drift}
        isEmpty={data?.items.length === 0}
        emptyText="No series with candles matches the filter."
      >
        {data?.items.map((series) => (
          <DriftSeriesCard key={`${series.symbol}-${series.tf}`} series={series} now={now} />
        ))}
        {data?.more && (
          <p className="muted">More series than one page holds: filter by symbol or timeframe.</p>
        )}
      </QueryState>
    </>
  );
}
