'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '@/lib/client/fetchJson';
import { calibrationEndpoints as calibration } from '@/lib/contracts/calibration';
import type { QueryOf } from '@/lib/contracts/endpoint';
import { queryKeys } from './queryKeys';

export type CalibrationFilter = QueryOf<typeof calibration.report>;

/** Reliability per horizon and the maps in use, for one model, window and confidence. */
export const useCalibration = (filter: CalibrationFilter) =>
  useQuery({
    queryKey: queryKeys.calibration.report({
      model: filter.model,
      horizon: filter.horizon,
      tfFamily: filter.tfFamily,
      window: filter.window,
      confidence: filter.confidence,
    }),
    queryFn: () => call(calibration.report, { query: filter }),
    // A new window or confidence keeps the diagrams on screen until its own arrive.
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
