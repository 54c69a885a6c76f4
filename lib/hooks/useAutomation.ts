'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { automationEndpoints as automation } from '@/lib/contracts/automation';
import { invalidate, queryKeys } from './queryKeys';

export const useAutomationStatus = () =>
  useQuery({
    queryKey: queryKeys.automation.status(),
    queryFn: () => call(automation.status),
    select: (data) => data.automation,
    refetchInterval: 2000,
  });

export function useAutomationControl() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: 'start' | 'stop') => call(automation[action]),
    onSuccess: (data) => {
      client.setQueryData(queryKeys.automation.status(), data);
      return invalidate(client, queryKeys.audit.all);
    },
  });
}
