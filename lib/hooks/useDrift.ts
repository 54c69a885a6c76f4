'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { driftEndpoints as driftApi } from '@/lib/contracts/drift';
import type { Timeframe } from '@/lib/domain/timeframes';
import { queryKeys } from './queryKeys';

export interface DriftFilter {
  symbol?: string;
  tf?: Timeframe;
  referenceDays?: number;
}

/** Drift of RSI-14 and MACD-hist per series (the last 7 days against the reference window). */
export const useDrift = ({ symbol, tf, referenceDays }: DriftFilter = {}) =>
  useQuery({
    queryKey: queryKeys.drift.get({ symbol, tf, referenceDays }),
    queryFn: () => call(driftApi.get, { query: { symbol, tf, referenceDays } }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
