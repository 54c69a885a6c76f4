'use client';

import { useQuery } from '@tanstack/react-query';
import type { CandleWithFeatures } from '@/lib/domain/featureRows';
import { fetchJson } from './fetchJson';

export interface SeriesSummary {
  tf: string;
  ts: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  count: number;
}

export interface InstrumentSummary {
  symbol: string;
  name: string;
  exchangeTz: string;
  active: boolean;
  series: SeriesSummary[];
}

export const useInstruments = () =>
  useQuery({
    queryKey: ['instruments'],
    queryFn: () => fetchJson<{ instruments: InstrumentSummary[] }>('/api/instruments'),
    select: (data) => data.instruments,
  });

type FeatureRowJson = Omit<CandleWithFeatures, 'ts'> & { ts: string };

export const useFeatures = (symbol: string | undefined, tf: string | undefined, limit: number) =>
  useQuery({
    queryKey: ['features', symbol, tf, limit],
    enabled: Boolean(symbol && tf),
    queryFn: () =>
      fetchJson<{ rows: FeatureRowJson[] }>(
        `/api/features?${new URLSearchParams({ symbol: symbol!, tf: tf!, limit: String(limit) })}`,
      ),
    select: (data) => data.rows,
  });
