'use client';

import { useState } from 'react';
import type { FeedView } from '@/lib/contracts/instruments';
import { useInstrumentDetail } from '@/lib/hooks/useInstruments';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatNumber, formatSeconds, formatTime } from '@/components/ui/format';
import { QueryState } from '@/components/ui/QueryState';
import { ActiveToggle } from './ActiveToggle';
import { BackfillProgress } from './BackfillProgress';
import { FeedStatusBadge } from './FeedStatusBadge';
import { InstrumentForm } from './InstrumentForm';

const COLUMNS: Column<FeedView>[] = [
  { key: 'tf', header: 'Timeframe', cell: (f) => f.tf, rowHeader: true },
  { key: 'source', header: 'Source', cell: (f) => f.source ?? '—' },
  { key: 'horizons', header: 'Horizons', cell: (f) => f.horizons.join(', ') },
  { key: 'status', header: 'Feed', cell: (f) => <FeedStatusBadge health={f.health} /> },
  {
    key: 'staleness',
    header: 'Staleness',
    cell: (f) => formatSeconds(f.health.staleness),
    nowrap: true,
  },
  { key: 'candles', header: 'Candles', cell: (f) => formatNumber(f.counts?.candles ?? null, 0) },
  {
    key: 'predictions',
    header: 'Predictions',
    cell: (f) => formatNumber(f.counts?.predictions ?? null, 0),
  },
  {
    key: 'matured',
    header: 'Matured outcomes',
    cell: (f) => formatNumber(f.counts?.matured ?? null, 0),
  },
  {
    key: 'last',
    header: 'Last candle',
    cell: (f) => formatTime(f.health.lastCandle),
    nowrap: true,
  },
  { key: 'backfill', header: 'Backfill', cell: (f) => <BackfillProgress backfill={f.backfill} /> },
  { key: 'source-url', header: 'Base URL', cell: (f) => f.baseUrl ?? '—', muted: true },
];

/** One instrument: its series with counts, and (operators) its edit form and activation. */
export function InstrumentDetail({
  symbol,
  canEdit,
  onClose,
}: {
  symbol: string;
  canEdit: boolean;
  onClose: () => void;
}) {
  const detail = useInstrumentDetail(symbol);
  const [editing, setEditing] = useState(false);
  const instrument = detail.data;
  return (
    <section className="panel" aria-label={`Instrument ${symbol}`} data-testid="instrument-detail">
      <h2>
        {symbol} {instrument && <span className="muted">{instrument.name}</span>}
      </h2>
      <QueryState isPending={detail.isPending} error={detail.error}>
        {instrument && (
          <>
            <p className="muted">
              Exchange time zone {instrument.exchangeTz} ·{' '}
              {instrument.active ? 'active' : 'inactive'} · added {formatTime(instrument.createdAt)}
            </p>
            <DataTable
              label={`Series of ${symbol}`}
              columns={COLUMNS}
              rows={instrument.feeds}
              rowKey={(f) => f.tf}
              emptyText="No timeframe yet."
            />
            <div className="row" style={{ marginTop: '0.75rem' }}>
              <button
                type="button"
                className="secondary"
                disabled={!canEdit}
                title={canEdit ? undefined : 'Operators and admins change the universe'}
                onClick={() => setEditing((e) => !e)}
              >
                {editing ? 'Close the form' : 'Edit'}
              </button>
              <ActiveToggle instrument={instrument} canEdit={canEdit} />
              <button type="button" className="secondary" onClick={onClose}>
                Close
              </button>
            </div>
            {editing && canEdit && (
              <InstrumentForm
                key={symbol}
                instrument={instrument}
                onDone={() => setEditing(false)}
              />
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}
