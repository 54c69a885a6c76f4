'use client';

import { useSignalParts } from '@/lib/hooks/useSignalParts';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { QueryState } from '@/components/ui/QueryState';
import { formatPercent } from '@/components/ui/format';
import { useListParams } from '@/components/ui/useListParams';
import { isSignalWindow, WINDOW_OPTIONS } from './signalFormat';
import { SignalPartsTable } from './SignalPartsTable';
import { SignalPartsTrend } from './SignalPartsTrend';

/** Which of rsi / macd / trend carries the wins: a table per horizon and window, and its trend. */
export function SignalParts() {
  const list = useListParams({ horizon: '', window: 'all' });
  const window = isSignalWindow(list.filters.window) ? list.filters.window : 'all';
  const horizon = list.filters.horizon || undefined;
  const query = useSignalParts({ horizon, window });
  const data = query.data;

  return (
    <>
      <section className="panel" aria-label="Signal parts">
        <form
          className="row"
          aria-label="Filter the signal parts"
          onSubmit={(e) => e.preventDefault()}
        >
          <FilterSelect
            label="Horizon"
            value={data?.horizon ?? horizon ?? ''}
            options={(data?.horizons ?? (horizon ? [horizon] : [])).map((h) => ({
              value: h,
              label: h,
            }))}
            onChange={(v) => list.setFilter('horizon', v)}
          />
          <FilterSelect
            label="Window"
            value={window}
            options={WINDOW_OPTIONS}
            onChange={(v) => list.setFilter('window', v)}
          />
        </form>
        <QueryState query={query}>
          {data && (
            <p data-testid="signal-summary">
              Model <strong>{data.model ?? '—'}</strong>, horizon{' '}
              <strong>{data.horizon ?? '—'}</strong>,{' '}
              {data.fromDay
                ? `predictions made on or after ${data.fromDay} (UTC)`
                : 'all predictions'}
              : {data.n.toLocaleString()} matured, {data.nDecisions.toLocaleString()} decisions,{' '}
              {data.wins.toLocaleString()} wins (hit rate {formatPercent(data.hitRate)}).
            </p>
          )}
        </QueryState>
        <SignalPartsTable
          parts={data ? (data.n > 0 ? data.parts : []) : undefined}
          status={query}
          emptyText={
            data?.model
              ? 'No matured predictions in this window yet.'
              : 'No model version is active.'
          }
        />
        <p className="muted" style={{ marginTop: '0.75rem' }}>
          A part agrees when its sign is the decision&apos;s (a part at 0 does not). Share of wins:
          among the winning decisions, how often the part agreed — 100 % means no win came without
          it; a part unrelated to the decision sits near 50 %. The shares of the parts do not add up
          to 100 %. Correlation: Pearson&apos;s r of the part with the realised return over every
          matured prediction.
        </p>
      </section>
      {data && data.n > 0 && <SignalPartsTrend trend={data.trend} />}
    </>
  );
}
