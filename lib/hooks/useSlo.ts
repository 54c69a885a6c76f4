'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import type { ResponseOf } from '@/lib/contracts/endpoint';
import { sloEndpoints as slo, type SloRange } from '@/lib/contracts/slo';
import { invalidate, queryKeys } from './queryKeys';

/** The SLO timechart of a preset, or of an absolute range (`custom` with ISO from / to). */
export const useSloTimechart = (range: SloRange, from?: string, to?: string) =>
  useQuery({
    queryKey: queryKeys.slo.timechart(range, from, to),
    enabled: range !== 'custom' || Boolean(from && to),
    queryFn: () =>
      call(slo.timechart, {
        query: range === 'custom' ? { range, from: new Date(from!), to: new Date(to!) } : { range },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

export const useSloStatus = () =>
  useQuery({
    queryKey: queryKeys.slo.status(),
    queryFn: () => call(slo.status),
    refetchInterval: 5000,
  });

/** Only the live pause: what every page polls for the auto-pause modal. */
export const useLivePause = () =>
  useQuery({
    queryKey: queryKeys.slo.pause(),
    queryFn: () => call(slo.pause),
    select: (data) => data.pause,
    refetchInterval: 5000,
  });

const HOUR_MS = 3_600_000;
export const BREACH_PERIODS = {
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
  '90d': 90 * 24 * HOUR_MS,
};
/** A relative period, or `custom`: an absolute from / to (ISO instants). */
export type BreachPeriod = keyof typeof BREACH_PERIODS | 'custom';

/** Breaches per page of the history. */
export const BREACH_PAGE = 50;

export interface BreachFilter {
  /** How far back: the last 24 h unless told otherwise. */
  period?: BreachPeriod;
  /** The absolute range of `custom` (ISO instants). */
  from?: string;
  to?: string;
  rule?: string;
  window?: string;
  /** The page after this cursor (a previous page's nextCursor); the newest page without it. */
  cursor?: string;
}

/** One page of breaches, newest first: `{items, nextCursor}`. */
export const useBreaches = ({
  period = '24h',
  from,
  to,
  rule,
  window,
  cursor,
}: BreachFilter = {}) =>
  useQuery({
    queryKey: queryKeys.breaches.list({ period, from, to, rule, window, cursor }),
    enabled: period !== 'custom' || Boolean(from && to),
    queryFn: () =>
      call(slo.breaches, {
        query: {
          // "since" is computed per fetch, so the key stays stable while the window slides.
          since:
            period === 'custom'
              ? new Date(from!)
              : period === '24h'
                ? undefined
                : new Date(Date.now() - BREACH_PERIODS[period]),
          until: period === 'custom' ? new Date(to!) : undefined,
          rule,
          window,
          cursor,
          limit: BREACH_PAGE,
        },
      }),
    // A new filter or page keeps the rows on screen until its own arrive.
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });

type SloStatusData = ResponseOf<typeof slo.status>;
type PauseData = ResponseOf<typeof slo.pause>;

/** Acknowledges a breach (operators); acknowledging the pausing breach lifts the live pause. */
export function useAcknowledgeBreach() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(slo.acknowledge, { params: { id } }),
    onSuccess: ({ breach }) => {
      client.setQueryData<SloStatusData>(queryKeys.slo.status(), (old) =>
        old && old.pause?.id === breach.id ? { ...old, pause: null } : old,
      );
      client.setQueryData<PauseData>(queryKeys.slo.pause(), (old) =>
        old && old.pause?.id === breach.id ? { pause: null } : old,
      );
      return invalidate(
        client,
        queryKeys.slo.all,
        queryKeys.breaches.all,
        queryKeys.rollout.all,
        queryKeys.audit.all,
      );
    },
  });
}
