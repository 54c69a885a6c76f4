'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { reportsEndpoints as reports } from '@/lib/contracts/reports';
import { invalidate, queryKeys } from './queryKeys';

export const SLO_REPORT_PAGE = 30;

/** One page of daily SLO reports, newest day first. */
export const useSloDailyReports = (cursor?: string) =>
  useQuery({
    queryKey: queryKeys.reports.sloDailyList(cursor),
    queryFn: () => call(reports.sloDailyList, { query: { cursor, limit: SLO_REPORT_PAGE } }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

/** One day's stored report (404 until built). */
export const useSloDailyReport = (day: string | undefined) =>
  useQuery({
    queryKey: queryKeys.reports.sloDaily(day ?? ''),
    queryFn: () => call(reports.sloDailyDay, { params: { date: day! } }),
    enabled: Boolean(day),
  });

/** An operator builds (or rebuilds) a past day's report now; audited. */
export function useBuildSloDailyReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (date: string) => call(reports.sloDailyBuild, { body: { date } }),
    onSuccess: () => invalidate(client, queryKeys.reports.all, queryKeys.audit.all),
  });
}

/** Where a browser downloads a day's report. */
export const sloDailyJsonHref = (day: string) => `/api/reports/slo-daily/${day}`;
export const sloDailyCsvHref = (day: string) => `/api/reports/slo-daily.csv?date=${day}`;
