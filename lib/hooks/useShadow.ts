'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import type { BodyOf } from '@/lib/contracts/endpoint';
import { shadowEndpoints as shadow } from '@/lib/contracts/shadow';
import { invalidate, queryKeys } from './queryKeys';

/** Active vs candidate on the same matured outcomes (the current candidate when none is named). */
export const useModelComparison = (filter: { candidate?: string; horizon?: string } = {}) =>
  useQuery({
    queryKey: queryKeys.shadow.compare(filter),
    queryFn: () =>
      call(shadow.compare, {
        query: { candidate: filter.candidate || undefined, horizon: filter.horizon || undefined },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

/** The promotion's dry run: eligible or not, and what is unmet. */
export const usePromotion = (id: string | undefined) =>
  useQuery({
    queryKey: queryKeys.shadow.promotion(id ?? ''),
    queryFn: () => call(shadow.promotion, { params: { id: id! } }),
    enabled: Boolean(id),
  });

/** Promotes the candidate (operators; an admin may override unmet conditions). */
export function usePromoteCandidate(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof shadow.promote>) =>
      call(shadow.promote, { params: { id }, body }),
    onSettled: () =>
      invalidate(
        client,
        queryKeys.shadow.all,
        queryKeys.audit.all,
        queryKeys.modelMetrics.all,
        queryKeys.calibration.all,
      ),
  });
}

/** The candidate's latest shadow backfill, polled every 2 s while it is queued or running. */
export const useShadowBackfillStatus = (id: string | undefined) =>
  useQuery({
    queryKey: queryKeys.shadow.backfill(id ?? ''),
    queryFn: () => call(shadow.shadowBackfillStatus, { params: { id: id! } }),
    enabled: Boolean(id),
    refetchInterval: (query) => {
      const state = query.state.data?.job?.state;
      return state === 'created' || state === 'retry' || state === 'active' ? 2_000 : false;
    },
  });

/** Queues the candidate's shadow backfill from `from` on (operators; audited). */
export function useShadowBackfill(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof shadow.shadowBackfill>) =>
      call(shadow.shadowBackfill, { params: { id }, body }),
    onSuccess: () => invalidate(client, queryKeys.shadow.all, queryKeys.audit.all),
  });
}
