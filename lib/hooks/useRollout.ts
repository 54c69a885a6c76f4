'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RolloutStage } from '@/lib/domain/rollout';
import { fetchJson } from './fetchJson';

export interface RolloutJson {
  stage: RolloutStage;
  liveShare: number;
  updatedAt: string;
  updatedBy: string;
  reason: string;
}

export const useRollout = () =>
  useQuery({
    queryKey: ['rollout'],
    queryFn: () => fetchJson<RolloutJson>('/api/rollout'),
    refetchInterval: 5000,
  });

export function useChangeRollout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { stage: RolloutStage; reason: string }) =>
      fetchJson<RolloutJson & { previous: RolloutStage }>('/api/rollout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    onSuccess: (data) => client.setQueryData(['rollout'], data),
  });
}
