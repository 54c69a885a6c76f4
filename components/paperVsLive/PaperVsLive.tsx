'use client';

import { TIMEFRAMES } from '@/lib/domain/timeframes';
import { PAPER_VS_LIVE_MAX_DAYS } from '@/lib/contracts/paperVsLive';
import {
  PAPER_VS_LIVE_PERIODS,
  usePaperVsLive,
  type PaperVsLivePeriod,
} from '@/lib/hooks/usePaperVsLive';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { QueryState } from '@/components/ui/QueryState';
import { RangePicker } from '@/components/ui/RangePicker';
import { formatTime } from '@/components/ui/format';
import { useListParams } from '@/components/ui/useListParams';
import { HitRateBars } from './HitRateBars';
import { PaperVsLiveTable } from './PaperVsLiveTable';
import type { PaperVsLiveData } from './paperVsLiveFormat';

const PRESETS = Object.keys(PAPER_VS_LIVE_PERIODS);
const HORIZON_OPTIONS = ['', '15m', '1h', '4h', '1d', '3d', '7d', '14d', '30d'];
const DAY_MS = 86_400_000;

const isPeriod = (v: string): v is PaperVsLivePeriod =>
  v === 'custom' || v in PAPER_VS_LIVE_PERIODS;

/** The last year of a group's pairs: [last − 365 days, the minute after last). */
function yearEndingAt(last: string) {
  const to = Math.floor(Date.parse(last) / 60_000) * 60_000 + 60_000;
  return { from: new Date(to - 365 * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

function Explanation() {
  return (
    <p className="muted" data-testid="paper-vs-live-groups">
      <strong>Paper</strong>: pairs the cycle served in preview, or in shadow (a live stage, but the
      pair outside the live share), judged by their advisory decision (confidence ≥ 0.55).{' '}
      <strong>Live</strong>: pairs served live, judged by their live decision (confidence ≥ 0.65; a
      0, below the threshold or while a breach paused live decisions, is no trade).{' '}
      <strong>History (replayed)</strong>: backfilled predictions over past candles — never served,
      so not paper trading, but the same model on the same rules. Only matured outcomes count, by
      the prediction&apos;s candle time; the hit interval is Wilson&apos;s (95 %).
    </p>
  );
}

function Summary({ data }: { data: PaperVsLiveData }) {
  return (
    <p data-testid="paper-vs-live-summary">
      Model <strong>{data.model ?? '—'}</strong>, predictions from {formatTime(data.from)} to{' '}
      {formatTime(data.to)}
      {data.tf ? `, timeframe ${data.tf}` : ', every timeframe'}.
    </p>
  );
}

/** Where each group's pairs lie, and a jump to the last year of the replayed history. */
function Extents({
  data,
  onRange,
}: {
  data: PaperVsLiveData;
  onRange: (r: { from: string; to: string }) => void;
}) {
  const { paper, live, history } = data.extents;
  const span = (e: typeof paper) =>
    e ? `${formatTime(e.first)} – ${formatTime(e.last)}` : 'none yet';
  const inPeriod = data.horizons.some((h) => h.history.n > 0);
  return (
    <div className="muted" data-testid="paper-vs-live-extents">
      Matured pairs of this model, any period: paper {span(paper)}; live {span(live)}; history{' '}
      {span(history)}.{' '}
      {history && !inPeriod && (
        <button
          type="button"
          className="secondary"
          data-testid="show-history"
          onClick={() => onRange(yearEndingAt(history.last))}
        >
          Show the history&apos;s last year
        </button>
      )}
    </div>
  );
}

/** Paper vs live: advisory and live decisions on matured outcomes, per horizon. */
export function PaperVsLive() {
  const list = useListParams({ period: '90d', from: '', to: '', tf: '', horizon: '' });
  const period = isPeriod(list.filters.period) ? list.filters.period : '90d';
  const { from, to, tf, horizon } = list.filters;
  const query = usePaperVsLive({
    period,
    from: from || undefined,
    to: to || undefined,
    tf,
    horizon,
  });
  const data = query.data;

  return (
    <>
      <section className="panel" aria-label="Paper vs live filters">
        <RangePicker
          // A range set from outside (the history's last year) fills the From / To fields anew.
          key={`${from}|${to}`}
          presets={PRESETS}
          maxDays={PAPER_VS_LIVE_MAX_DAYS}
          value={{ period, from, to }}
          onChange={(next) =>
            list.setFilters({ period: next.period, from: next.from ?? '', to: next.to ?? '' })
          }
        />
        <form
          className="row"
          aria-label="Filter paper vs live"
          onSubmit={(e) => e.preventDefault()}
        >
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
            label="Horizon"
            value={horizon}
            options={HORIZON_OPTIONS.map((h) => ({ value: h, label: h || 'all horizons' }))}
            onChange={(v) => list.setFilter('horizon', v)}
          />
        </form>
        <Explanation />
        <QueryState query={query}>
          {data && (
            <>
              <Summary data={data} />
              <Extents
                data={data}
                onRange={(r) => list.setFilters({ period: 'custom', from: r.from, to: r.to })}
              />
            </>
          )}
        </QueryState>
      </section>
      {data && data.horizons.length === 0 && (
        <section className="panel" aria-label="No matured pairs">
          <p className="muted" data-testid="paper-vs-live-empty">
            {data.model
              ? 'No matured predictions of this model in this period (paper, live or history): pick another period, or wait for outcomes to mature.'
              : 'No model version is active.'}
          </p>
        </section>
      )}
      {data && data.horizons.length > 0 && (
        <>
          <section className="panel" aria-label="Hit rate per horizon">
            <h2>Hit rate per horizon</h2>
            <HitRateBars horizons={data.horizons} />
          </section>
          {data.horizons.map((h) => (
            <PaperVsLiveTable key={h.horizon} horizon={h} />
          ))}
          <p className="muted" data-testid="difference-method">
            Live − paper: {data.differenceMethod}.
          </p>
        </>
      )}
    </>
  );
}
