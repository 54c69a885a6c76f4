'use client';

import { useQuery } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { weeklyReportEndpoints as weekly } from '@/lib/contracts/weeklyReport';
import { queryKeys } from './queryKeys';

/** The last 12 complete ISO weeks with their weekly CSV's rows, and the first / last weeks. */
export const useWeeklyReports = () =>
  useQuery({
    queryKey: queryKeys.weeklyReport.weeks(),
    queryFn: () => call(weekly.weeks),
    refetchInterval: 60_000,
  });

/** Where a browser downloads a week's CSV (a plain link: the server streams it). */
export const weeklyCsvHref = (week: string) =>
  `${weekly.csv.path}?week=${encodeURIComponent(week)}`;
