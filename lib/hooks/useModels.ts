'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import type { BodyOf } from '@/lib/contracts/endpoint';
import { modelsEndpoints as models } from '@/lib/contracts/models';
import { invalidate, queryKeys } from './queryKeys';

/** Every model version, the active and the candidate named. */
export const useModels = () =>
  useQuery({
    queryKey: queryKeys.models.list(),
    queryFn: () => call(models.list),
    refetchInterval: 60_000,
  });

/** Fits a candidate now (operators; audited): the answer is the candidate, or a 409. */
export function useProposeCandidate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof models.proposeCandidate>) =>
      call(models.proposeCandidate, { body }),
    onSuccess: () => invalidate(client, queryKeys.models.all, queryKeys.audit.all),
  });
}
