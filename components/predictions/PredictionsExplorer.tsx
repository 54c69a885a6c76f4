'use client';

import { DataTable } from '@/components/ui/DataTable';
import { useListParams } from '@/components/ui/useListParams';
import {
  predictionsCsvUrl,
  usePredictions,
  type PredictionFilterText,
} from '@/lib/hooks/usePredictions';
import { PredictionFilters } from './PredictionFilters';
import { predictionColumns } from './predictionColumns';

const NO_FILTER: PredictionFilterText = {
  symbol: '',
  tf: '',
  horizon: '',
  decision: '',
  bucket: '',
  outcome: '',
  backfilled: '',
  from: '',
  to: '',
};

/** Every prediction, newest first, filtered and paged in the URL, with its CSV download. */
export function PredictionsExplorer() {
  const list = useListParams(NO_FILTER);
  const predictions = usePredictions(list.filters, list.cursor);
  const filtered = Object.values(list.filters).some((v) => v !== '');

  return (
    <section className="panel" aria-label="Predictions">
      <DataTable
        label="Predictions"
        columns={predictionColumns}
        rows={predictions.data?.items}
        rowKey={(p) => p.id}
        rowProps={(p) => ({ 'data-testid': `prediction-${p.id}` })}
        status={predictions}
        emptyText={filtered ? 'No predictions match the filter.' : 'No predictions yet.'}
        filters={
          <>
            <PredictionFilters filter={list.filters} onChange={list.setFilter} />
            <p className="row" style={{ alignItems: 'center', marginTop: 0 }}>
              <a href={predictionsCsvUrl(list.filters)} download>
                Download CSV
              </a>
              <span className="muted">
                every prediction matching the filter, not only this page (times ISO-8601 UTC)
              </span>
            </p>
          </>
        }
        paging={{
          cursor: list.cursor,
          nextCursor: predictions.data?.nextCursor ?? null,
          onPage: list.setCursor,
        }}
      />
    </section>
  );
}
