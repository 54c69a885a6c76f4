'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, fetchJson, urlOf } from '@/lib/client/fetchJson';
import type { ResponseOf } from '@/lib/contracts/endpoint';
import { marketEndpoints as market } from '@/lib/contracts/market';
import type { Timeframe } from '@/lib/domain/timeframes';
import { invalidate, queryKeys } from './queryKeys';

export const useInstruments = () =>
  useQuery({
    queryKey: queryKeys.market.instruments(),
    queryFn: () => call(market.instruments),
    // The latest candles move with the live feeds: the symbol table follows them.
    refetchInterval: 30_000,
    select: (data) => data.instruments,
  });

export const useFeatures = (symbol: string | undefined, tf: string | undefined, limit: number) =>
  useQuery({
    queryKey: queryKeys.market.features({ symbol, tf, limit }),
    enabled: Boolean(symbol && tf),
    queryFn: () =>
      call(market.features, { query: { symbol: symbol!, tf: tf as Timeframe, limit } }),
    refetchInterval: 60_000,
    select: (data) => data.rows,
  });

/** Uploads a CSV form (file, symbol, tf, tz, name); a refused file's ApiError body lists its bad rows. */
export function useImportCandles() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (form: FormData) =>
      fetchJson<ResponseOf<typeof market.importCandles>>(urlOf(market.importCandles), {
        method: market.importCandles.method,
        body: form,
      }),
    onSuccess: () => invalidate(client, queryKeys.market.all, queryKeys.audit.all),
  });
}
