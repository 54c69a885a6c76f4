'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { thresholdEndpoints as threshold, type SetThresholdBody } from '@/lib/contracts/threshold';
import { invalidate, queryKeys } from './queryKeys';

/** The graduated live threshold: step, condition for the next, evidence, history. */
export const useThreshold = () =>
  useQuery({
    queryKey: queryKeys.threshold.state(),
    queryFn: () => call(threshold.read),
    refetchInterval: 15_000,
  });

/** An admin sets the step by hand: the answer is the new state; the audit gains an entry. */
export function useSetThreshold() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SetThresholdBody) => call(threshold.set, { body }),
    onSuccess: (state) => {
      client.setQueryData(queryKeys.threshold.state(), state);
      return invalidate(client, queryKeys.audit.all);
    },
  });
}
