'use client';

import { useQuery } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { chainEndpoints } from '@/lib/contracts/chain';
import { queryKeys } from './queryKeys';

/** The loop's chain, live: refetched every 3 s. */
export const useLoopChain = () =>
  useQuery({
    queryKey: queryKeys.automation.chain(),
    queryFn: () => call(chainEndpoints.chain),
    refetchInterval: 3000,
  });
