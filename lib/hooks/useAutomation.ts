'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from './fetchJson';

export interface AutomationStatusJson {
  automation: {
    running: boolean;
    desired: 'running' | 'stopped';
    leader: { instance: string; since: string; heartbeatAt: string } | null;
    intervalSeconds: number;
    cycleCount: number;
    lastCycleAt: string | null;
    nextCycleAt: string | null;
    lastCycle: {
      slot: string;
      finishedAt: string | null;
      /** no-new-candle: nothing to predict (not an alarm); empty-output / no-series: an alarm. */
      outcome: 'new-predictions' | 'no-new-candle' | 'empty-output' | 'no-series';
      predictions: number;
      scored: number;
      unchanged: number;
      empty: number;
      emptySymbols: string[];
    } | null;
    lastError: string | null;
    lastErrorAt: string | null;
  };
}

export const useAutomationStatus = () =>
  useQuery({
    queryKey: ['automation'],
    queryFn: () => fetchJson<AutomationStatusJson>('/api/automation/status'),
    select: (data) => data.automation,
    refetchInterval: 2000,
  });

export function useAutomationControl() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: 'start' | 'stop') =>
      fetchJson<AutomationStatusJson>(`/api/automation/${action}`, { method: 'POST' }),
    onSuccess: (data) => client.setQueryData(['automation'], data),
  });
}
