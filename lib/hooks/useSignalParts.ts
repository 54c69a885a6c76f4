'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { signalPartsEndpoints as signalParts } from '@/lib/contracts/signalParts';
import { queryKeys } from './queryKeys';

export interface SignalPartsFilter {
  model?: string;
  /** The model's shortest horizon with matured pairs when left out. */
  horizon?: string;
  window: '7d' | '30d' | '90d' | 'all';
}

/** Which of rsi / macd / trend carries the wins, for one model × horizon × window. */
export const useSignalParts = (filter: SignalPartsFilter) =>
  useQuery({
    queryKey: queryKeys.signalParts.get(filter),
    queryFn: () => call(signalParts.get, { query: filter }),
    // A new horizon or window keeps the figures on screen until its own arrive.
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
