'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call, urlOf } from '@/lib/client/fetchJson';
import type { QueryOf } from '@/lib/contracts/endpoint';
import { predictionsEndpoints as predictions } from '@/lib/contracts/predictions';
import { queryKeys } from './queryKeys';

/** Predictions per page of the explorer. */
export const PREDICTION_PAGE = 50;

/**
 * The explorer's filter as the page keeps it in the URL: every value text, '' for "any"; the
 * dates are UTC days (YYYY-MM-DD), `to` inclusive.
 */
export type PredictionFilterText = {
  symbol: string;
  tf: string;
  horizon: string;
  decision: string;
  bucket: string;
  outcome: string;
  backfilled: string;
  from: string;
  to: string;
};

type CsvQuery = QueryOf<typeof predictions.csv>;

/** The API query of a filter: '' left out, a day's range from its first to its last instant. */
export function predictionQuery(f: PredictionFilterText): CsvQuery {
  const text = (value: string) => (value === '' ? undefined : value);
  return {
    symbol: text(f.symbol),
    tf: text(f.tf) as CsvQuery['tf'],
    horizon: text(f.horizon),
    decision: f.decision === '' ? undefined : Number(f.decision),
    bucket: text(f.bucket) as CsvQuery['bucket'],
    outcome: text(f.outcome) as CsvQuery['outcome'],
    backfilled: f.backfilled === '' ? undefined : f.backfilled === 'true',
    from: f.from ? `${f.from}T00:00:00.000Z` : undefined,
    to: f.to ? `${f.to}T23:59:59.999Z` : undefined,
  };
}

/** One page of predictions matching the filter, newest first: `{items, nextCursor}`. */
export const usePredictions = (filter: PredictionFilterText, cursor: string | undefined) =>
  useQuery({
    queryKey: queryKeys.predictions.list({ ...filter, cursor }),
    queryFn: () =>
      call(predictions.list, {
        query: { ...predictionQuery(filter), cursor, limit: PREDICTION_PAGE },
      }),
    // A new filter or page keeps the rows on screen until its own arrive.
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

/** The CSV download of the same filter (every matching row, not only the page shown). */
export const predictionsCsvUrl = (filter: PredictionFilterText) =>
  urlOf(predictions.csv, { query: predictionQuery(filter) });
