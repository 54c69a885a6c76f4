'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { modelMetricsEndpoints as modelMetrics } from '@/lib/contracts/modelMetrics';
import type { TfFamily } from '@/lib/domain/timeframes';
import { queryKeys } from './queryKeys';

export interface ModelMetricsFilter {
  model?: string;
  horizon?: string;
  window?: '7d' | '30d' | '90d' | 'all';
}

/** The latest metrics snapshot per model × horizon × bucket × window (the metrics job's rows). */
export const useModelMetrics = (filter: ModelMetricsFilter) =>
  useQuery({
    queryKey: queryKeys.modelMetrics.list({ ...filter }),
    queryFn: () => call(modelMetrics.list, { query: filter }),
    placeholderData: keepPreviousData,
    // The metrics job runs after each cycle's outcomes: a minute is fresh enough.
    refetchInterval: 60_000,
  });

export interface MetricsTrendFilter {
  model?: string;
  horizon: string;
  tfFamily?: TfFamily;
  span?: number;
}

/** Hit rate and IR per ISO week of one model and horizon, with always-long beside them. */
export const useMetricsTrend = (filter: MetricsTrendFilter, enabled = true) =>
  useQuery({
    queryKey: queryKeys.modelMetrics.trend({ ...filter }),
    queryFn: () => call(modelMetrics.trend, { query: filter }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    enabled,
  });
