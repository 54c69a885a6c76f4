'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call, urlOf } from '@/lib/client/fetchJson';
import { auditEndpoints as audit } from '@/lib/contracts/audit';
import type { QueryOf } from '@/lib/contracts/endpoint';
import { queryKeys } from './queryKeys';

/** Entries per page of the audit page. */
export const AUDIT_PAGE = 50;
/** Scores the RecentActions popover lists. */
export const RECENT_SCORES = 10;

/**
 * The audit page's filter as it keeps it in the URL: every value text, '' for "any"; the dates
 * are UTC days (YYYY-MM-DD), `to` inclusive; `id` shows one entry (RecentActions links to it).
 */
export type AuditFilterText = {
  action: string;
  actor: string;
  from: string;
  to: string;
  q: string;
  id: string;
};

type CsvQuery = QueryOf<typeof audit.csv>;

/** The API query of a filter: '' left out, a day's range from its first to its last instant. */
export function auditQuery(f: AuditFilterText): CsvQuery {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    action: text(f.action),
    actor: text(f.actor),
    q: text(f.q),
    id: text(f.id),
    from: f.from ? `${f.from}T00:00:00.000Z` : undefined,
    to: f.to ? `${f.to}T23:59:59.999Z` : undefined,
  };
}

/** One page of the audit log matching the filter, newest first: `{items, nextCursor}`. */
export const useAuditLog = (filter: AuditFilterText, cursor: string | undefined) =>
  useQuery({
    queryKey: queryKeys.audit.list({ ...filter, cursor }),
    queryFn: () =>
      call(audit.list, { query: { ...auditQuery(filter), cursor, limit: AUDIT_PAGE } }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

/** The CSV download of the same filter (every matching entry, not only the page shown). */
export const auditCsvUrl = (filter: AuditFilterText) =>
  urlOf(audit.csv, { query: auditQuery(filter) });

/**
 * The latest `ml.score` entries, for the RecentActions popover: every 5 s while it is open, every
 * 30 s otherwise (enough for its badge of new ones).
 */
export const useRecentScores = (open: boolean) =>
  useQuery({
    queryKey: queryKeys.audit.recentScores(),
    queryFn: () => call(audit.list, { query: { action: 'ml.score', limit: RECENT_SCORES } }),
    refetchInterval: open ? 5_000 : 30_000,
  });
