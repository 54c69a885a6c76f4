'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { rolloutEndpoints as rollout, type ChangeRolloutBody } from '@/lib/contracts/rollout';
import { invalidate, queryKeys } from './queryKeys';

export const useRollout = () =>
  useQuery({
    queryKey: queryKeys.rollout.state(),
    queryFn: () => call(rollout.read),
    refetchInterval: 5000,
  });

/**
 * A stage change moves what the SLO status reports (stage, promotion eligibility, the score-rate
 * gate) and adds an audit entry: those are refreshed at once, not at their next poll.
 */
export function useChangeRollout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeRolloutBody) => call(rollout.change, { body }),
    onSuccess: ({ previous: _previous, ...state }) => {
      client.setQueryData(queryKeys.rollout.state(), state);
      return invalidate(
        client,
        queryKeys.slo.all,
        queryKeys.audit.all,
        queryKeys.rollout.changes(),
      );
    },
  });
}

/** The stage timeline: the newest 50 stage changes with their gate snapshots. */
export const useRolloutChanges = () =>
  useQuery({
    queryKey: queryKeys.rollout.changes(),
    queryFn: () => call(rollout.changes, { query: { limit: 50 } }),
    refetchInterval: 15_000,
  });
