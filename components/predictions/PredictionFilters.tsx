'use client';

import { FilterSelect } from '@/components/ui/FilterSelect';
import {
  PREDICTION_BUCKETS,
  PREDICTION_DECISIONS,
  PREDICTION_OUTCOMES,
} from '@/lib/contracts/predictions';
import { DEFAULT_HORIZONS } from '@/lib/domain/horizons';
import { TIMEFRAMES } from '@/lib/domain/timeframes';
import type { PredictionFilterText } from '@/lib/hooks/usePredictions';
import { useInstruments } from '@/lib/hooks/useMarket';
import { decisionLabel } from './predictionFormat';

const any = (label: string) => ({ value: '', label });
const each = (values: readonly string[], label = (v: string) => v) =>
  values.map((value) => ({ value, label: label(value) }));

/** The explorer's filters; every change goes to the URL (useListParams) and the newest page. */
export function PredictionFilters({
  filter,
  onChange,
}: {
  filter: PredictionFilterText;
  onChange: (key: keyof PredictionFilterText, value: string) => void;
}) {
  const instruments = useInstruments();
  const symbols = [...new Set([...(instruments.data ?? []).map((i) => i.symbol), filter.symbol])]
    .filter(Boolean)
    .sort();
  const horizons = [
    ...new Set([
      ...DEFAULT_HORIZONS,
      ...(instruments.data ?? []).flatMap((i) => i.horizons),
      ...(filter.horizon ? [filter.horizon] : []),
    ]),
  ];
  const select = (
    key: keyof PredictionFilterText,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <FilterSelect
      label={label}
      value={filter[key]}
      options={options}
      onChange={(v) => onChange(key, v)}
    />
  );
  return (
    <form
      aria-label="Filter predictions"
      onSubmit={(e) => e.preventDefault()}
      // A grid: two filters a line on a phone instead of one, all of them on a wide screen.
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(9.5rem, 1fr))',
        columnGap: '1rem',
      }}
    >
      {select('symbol', 'Symbol', [any('all symbols'), ...each(symbols)])}
      {select('tf', 'Timeframe', [any('all timeframes'), ...each(TIMEFRAMES)])}
      {select('horizon', 'Horizon', [any('all horizons'), ...each(horizons)])}
      {select('decision', 'Decision', [
        any('all decisions'),
        ...each(PREDICTION_DECISIONS, (d) => decisionLabel(Number(d))),
      ])}
      {select('bucket', 'Bucket', [any('all buckets'), ...each(PREDICTION_BUCKETS)])}
      {select('outcome', 'Outcome', [any('matured and pending'), ...each(PREDICTION_OUTCOMES)])}
      {select('backfilled', 'Backfilled', [
        any('live and backfilled'),
        { value: 'true', label: 'backfilled only' },
        { value: 'false', label: 'live only' },
      ])}
      <label>
        Candles from (UTC)
        <input
          type="date"
          value={filter.from}
          max={filter.to || undefined}
          onChange={(e) => onChange('from', e.target.value)}
        />
      </label>
      <label>
        to (UTC)
        <input
          type="date"
          value={filter.to}
          min={filter.from || undefined}
          onChange={(e) => onChange('to', e.target.value)}
        />
      </label>
    </form>
  );
}
