'use client';

import { useQuery } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { canaryEndpoints as canary } from '@/lib/contracts/canary';
import { queryKeys } from './queryKeys';

export const useCanary = () =>
  useQuery({
    queryKey: queryKeys.canary.status(),
    queryFn: () => call(canary.status),
    refetchInterval: 5000,
  });
