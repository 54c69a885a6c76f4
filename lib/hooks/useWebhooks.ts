'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import {
  webhooksEndpoints as webhooks,
  type CreateWebhookBody,
  type UpdateWebhookBody,
} from '@/lib/contracts/webhooks';
import { invalidate, queryKeys } from './queryKeys';

export const DELIVERY_PAGE = 25;

export const useWebhooks = () =>
  useQuery({
    queryKey: queryKeys.webhooks.list(),
    queryFn: () => call(webhooks.list),
    select: (d) => d.items,
    // Last delivery moves as the queue delivers.
    refetchInterval: 10_000,
  });

/** A subscription's deliveries; polled every 2 s while one is pending or retrying. */
export const useWebhookDeliveries = (id: string, cursor?: string) =>
  useQuery({
    queryKey: queryKeys.webhooks.deliveries(id, cursor),
    queryFn: () =>
      call(webhooks.deliveries, { params: { id }, query: { cursor, limit: DELIVERY_PAGE } }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === 'pending' || d.status === 'failed')
        ? 2000
        : 30_000,
  });

const changed = (client: ReturnType<typeof useQueryClient>) =>
  invalidate(client, queryKeys.webhooks.all, queryKeys.audit.all);

/** Subscribes a URL; the answer holds the secret, shown once. */
export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => call(webhooks.create, { body }),
    onSuccess: () => changed(client),
  });
}

export function useUpdateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateWebhookBody & { id: string }) =>
      call(webhooks.update, { params: { id }, body }),
    onSuccess: () => changed(client),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(webhooks.remove, { params: { id } }),
    onSuccess: () => changed(client),
  });
}

/** Queues a `test` event to one subscription; its delivery appears in the history. */
export function useTestWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(webhooks.test, { params: { id } }),
    onSuccess: () => changed(client),
  });
}
