'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { archivesEndpoints as archives } from '@/lib/contracts/archives';
import type { BodyOf } from '@/lib/contracts/endpoint';
import { invalidate, queryKeys } from './queryKeys';

export const ARCHIVE_PAGE = 50;

/** One page of archives, newest first; polled every 2 s while one is queued or building. */
export const useArchives = ({ kind, cursor }: { kind?: string; cursor?: string }) =>
  useQuery({
    queryKey: queryKeys.archives.list({ kind, cursor }),
    queryFn: () =>
      call(archives.list, {
        query: {
          kind: (kind || undefined) as 'manual' | 'daily' | 'evidence' | undefined,
          cursor,
          limit: ARCHIVE_PAGE,
        },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((a) => a.status === 'queued' || a.status === 'building')
        ? 2000
        : 30_000,
  });

/** Queues an archive of [from, to) (operators; audited). */
export function useCreateArchive() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof archives.create>) => call(archives.create, { body }),
    onSuccess: () => invalidate(client, queryKeys.archives.all, queryKeys.audit.all),
  });
}

/** Where a browser downloads an archive (a plain link: the server streams the ZIP). */
export const archiveDownloadHref = (id: string) => `/api/archives/${id}/download`;
/** Where a browser downloads a breach's evidence bundle. */
export const evidenceHref = (breachId: string) => `/api/breaches/${breachId}/evidence`;
