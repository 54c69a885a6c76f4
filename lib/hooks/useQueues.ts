'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { queuesEndpoints as queues } from '@/lib/contracts/queues';
import { invalidate, queryKeys } from './queryKeys';

/** Every queue and its DLQ, with the card's gates: live, every 5 s. */
export const useQueueReport = () =>
  useQuery({
    queryKey: queryKeys.queues.report(),
    queryFn: () => call(queues.list),
    refetchInterval: 5000,
  });

export const JOB_PAGE = 50;

/** One page of a queue's jobs, newest first. */
export const useQueueJobs = (filter: { name: string; state?: string; cursor?: string }) =>
  useQuery({
    queryKey: queryKeys.queues.jobs(filter),
    queryFn: () =>
      call(queues.jobs, {
        params: { name: filter.name },
        query: {
          state: (filter.state || undefined) as never,
          cursor: filter.cursor,
          limit: JOB_PAGE,
        },
      }),
    enabled: filter.name !== '',
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });

/** One job's detail (data, output or error), read when it is opened. */
export const useQueueJob = (name: string, id: string | null) =>
  useQuery({
    queryKey: queryKeys.queues.job(name, id ?? ''),
    queryFn: () => call(queues.job, { params: { name, id: id! } }),
    enabled: id !== null,
  });

export type JobCommand =
  | { action: 'retry'; name: string; id: string }
  | { action: 'delete'; name: string; id: string }
  | { action: 'retryAll'; name: string };

/** Retry or delete a job, or retry a whole DLQ (operators; each audited by the server). */
export function useJobCommand() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (command: JobCommand) =>
      command.action === 'retryAll'
        ? call(queues.retryAll, { params: { name: command.name } })
        : call(queues[command.action], { params: { name: command.name, id: command.id } }),
    onSuccess: () =>
      invalidate(client, queryKeys.queues.all, queryKeys.automation.all, queryKeys.audit.all),
  });
}
