'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import {
  instrumentsEndpoints as instruments,
  type CreateInstrumentBody,
  type InstrumentView,
  type UpdateInstrumentBody,
} from '@/lib/contracts/instruments';
import { invalidate, queryKeys } from './queryKeys';

const busy = (list: InstrumentView[] | undefined) =>
  list?.some((i) => i.feeds.some((f) => f.health.status === 'backfilling')) ?? false;

/** Every instrument with its feeds' health: refreshed every 10 s, every second while one backfills. */
export const useFeeds = () =>
  useQuery({
    queryKey: queryKeys.instruments.feeds(),
    queryFn: () => call(instruments.feeds),
    refetchInterval: (query) => (busy(query.state.data?.instruments) ? 1000 : 10_000),
  });

export const useInstrumentDetail = (symbol: string | undefined) =>
  useQuery({
    queryKey: queryKeys.instruments.detail(symbol ?? ''),
    queryFn: () => call(instruments.detail, { params: { symbol: symbol! } }),
    enabled: symbol !== undefined,
    select: (d) => d.instrument,
    refetchInterval: (query) =>
      busy(query.state.data && [query.state.data.instrument]) ? 1000 : 10_000,
  });

// A change of the universe changes the market lists and the audit log too.
const changed = (client: ReturnType<typeof useQueryClient>) =>
  invalidate(client, queryKeys.instruments.all, queryKeys.market.all, queryKeys.audit.all);

export function useCreateInstrument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInstrumentBody) => call(instruments.create, { body }),
    onSuccess: () => changed(client),
  });
}

export function useUpdateInstrument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ symbol, body }: { symbol: string; body: UpdateInstrumentBody }) =>
      call(instruments.update, { params: { symbol }, body }),
    onSuccess: () => changed(client),
  });
}
