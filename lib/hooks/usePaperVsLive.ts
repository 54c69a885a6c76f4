'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { paperVsLiveEndpoints as paperVsLive } from '@/lib/contracts/paperVsLive';
import { isTimeframe } from '@/lib/domain/timeframes';
import { queryKeys } from './queryKeys';

/** The page's relative periods (ending now) and their length in days. */
export const PAPER_VS_LIVE_PERIODS = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 } as const;
export type PaperVsLivePeriod = keyof typeof PAPER_VS_LIVE_PERIODS | 'custom';

export interface PaperVsLiveFilter {
  period: PaperVsLivePeriod;
  /** The absolute range of `custom` (ISO instants; `to` exclusive). */
  from?: string;
  to?: string;
  tf?: string;
  horizon?: string;
}

/** Paper vs live per horizon over a period: a relative one ends at the moment it is fetched. */
export const usePaperVsLive = (filter: PaperVsLiveFilter) =>
  useQuery({
    queryKey: queryKeys.paperVsLive.get({ ...filter }),
    queryFn: () => {
      const now = Date.now();
      const range =
        filter.period === 'custom'
          ? { from: filter.from, to: filter.to }
          : {
              from: new Date(now - PAPER_VS_LIVE_PERIODS[filter.period] * 86_400_000),
              to: new Date(now),
            };
      return call(paperVsLive.get, {
        query: {
          ...range,
          tf: isTimeframe(filter.tf) ? filter.tf : undefined,
          horizon: filter.horizon || undefined,
        },
      });
    },
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
