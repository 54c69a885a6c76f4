'use client';

import { useState } from 'react';
import type { FeedView, InstrumentView } from '@/lib/contracts/instruments';
import { useFeeds } from '@/lib/hooks/useInstruments';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatSeconds, formatTime } from '@/components/ui/format';
import { BackfillProgress } from './BackfillProgress';
import { FeedStatusBadge } from './FeedStatusBadge';
import { InstrumentDetail } from './InstrumentDetail';
import { InstrumentForm } from './InstrumentForm';

interface Row {
  instrument: InstrumentView;
  feed: FeedView | null;
}

/** The universe: every instrument × timeframe with its feed health; add, edit, deactivate. */
export function InstrumentsPanel({ canEdit }: { canEdit: boolean }) {
  const feeds = useFeeds();
  const [selected, setSelected] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const rows: Row[] | undefined = feeds.data?.instruments.flatMap((instrument): Row[] =>
    instrument.feeds.length
      ? instrument.feeds.map((feed) => ({ instrument, feed }))
      : [{ instrument, feed: null }],
  );
  const columns: Column<Row>[] = [
    {
      key: 'symbol',
      header: 'Instrument',
      rowHeader: true,
      cell: (r) => (
        <button
          type="button"
          className="secondary"
          onClick={() => setSelected(r.instrument.symbol)}
        >
          {r.instrument.symbol}
        </button>
      ),
    },
    { key: 'tf', header: 'Timeframe', cell: (r) => r.feed?.tf ?? '—' },
    { key: 'source', header: 'Source', cell: (r) => r.feed?.source ?? '—' },
    {
      key: 'status',
      header: 'Feed',
      cell: (r) => (r.feed ? <FeedStatusBadge health={r.feed.health} /> : '—'),
    },
    {
      key: 'staleness',
      header: 'Staleness',
      nowrap: true,
      cell: (r) => formatSeconds(r.feed?.health.staleness ?? null),
    },
    {
      key: 'last',
      header: 'Last candle',
      nowrap: true,
      cell: (r) => formatTime(r.feed?.health.lastCandle ?? null),
    },
    {
      key: 'success',
      header: 'Last success',
      nowrap: true,
      cell: (r) => formatTime(r.feed?.health.lastSuccessAt ?? null),
    },
    {
      key: 'error',
      header: 'Last error',
      cell: (r) =>
        r.feed?.health.lastError ? (
          <span title={r.feed.health.lastError}>
            {formatTime(r.feed.health.lastErrorAt)}: {r.feed.health.lastError.slice(0, 120)}
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'backfill',
      header: 'Backfill',
      cell: (r) => <BackfillProgress backfill={r.feed?.backfill ?? null} />,
    },
  ];
  return (
    <>
      <section className="panel" aria-label="Instruments">
        <h2>Universe</h2>
        <div className="row" style={{ marginBottom: '0.75rem' }}>
          <button
            type="button"
            disabled={!canEdit}
            title={canEdit ? undefined : 'Operators and admins add instruments'}
            onClick={() => setAdding((a) => !a)}
          >
            {adding ? 'Close the form' : 'Add instrument'}
          </button>
          {feeds.data && (
            <span className="muted">
              {feeds.data.flagged === 0
                ? 'No stale or failing feed.'
                : `${feeds.data.flagged} stale or failing feed(s).`}
              {feeds.data.truncated && ' Showing the first 1,000 instruments.'}
            </span>
          )}
        </div>
        {adding && canEdit && <InstrumentForm onDone={() => setAdding(false)} />}
        <DataTable
          label="Instruments and their feeds"
          columns={columns}
          rows={rows}
          rowKey={(r) => `${r.instrument.symbol}|${r.feed?.tf ?? ''}`}
          rowProps={(r) => ({
            'data-testid': `feed-${r.instrument.symbol}-${r.feed?.tf ?? 'none'}`,
            'data-state': r.feed?.health.status,
          })}
          status={feeds}
          emptyText="No instrument yet: add one, or import a CSV."
        />
      </section>
      {selected && (
        <InstrumentDetail
          key={selected}
          symbol={selected}
          canEdit={canEdit}
          onClose={() => setSelected(undefined)}
        />
      )}
    </>
  );
}
