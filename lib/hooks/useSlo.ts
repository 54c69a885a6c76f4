'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Band, GateState } from '@/lib/domain/guardrails';
import type { RolloutStage } from '@/lib/domain/rollout';
import type { PromotionEligibility } from '@/lib/domain/slo/eligibility';
import type { BurnRate } from '@/lib/domain/slo/burn';
import type { RuleState, TriggerAction, TriggerRuleId } from '@/lib/domain/slo/triggers';
import { fetchJson } from './fetchJson';

export type SloRange = '7d' | '30d' | '90d';
export const SLO_RANGES: readonly SloRange[] = ['7d', '30d', '90d'];

export interface SloChartPoint {
  t: string;
  count: number;
  /** null: a gap (no traffic in the step). */
  p95: number | null;
  /** A fraction: 0.02 is 2 %. */
  errRate: number | null;
  maxStaleness: number | null;
}

export interface SloTimechartJson {
  range: SloRange;
  stepHours: number;
  from: string;
  to: string;
  points: SloChartPoint[];
  bands: { p95: Band; staleness: Band; err: Band };
}

export type Observed = Record<string, number | null>;

export interface BreachJson {
  id: string;
  ts: string;
  rule: string;
  severity: string;
  window: string;
  observed: Observed;
  stageBefore: string;
  stageAfter: string;
  action: string;
  pausedLive: boolean;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** When the rule stopped breaching; null while the episode goes on. */
  endedAt: string | null;
}

export interface RuleStatusJson {
  id: TriggerRuleId;
  action: TriggerAction;
  severity: 'critical' | 'major';
  windowMinutes: number;
  description: string;
  state: RuleState;
  reason: string;
  observed: Observed;
}

export interface SloStatusJson {
  stage: RolloutStage;
  gates: {
    status: 'pass' | 'warn' | 'fail';
    advisory: boolean;
    gates: { p95: GateState; staleness: GateState; err: GateState };
    reasons: string[];
    p95: number | null;
    err: number | null;
    staleness: number | null;
    scoreRate: { perMinute: number; required: number | null; state: GateState };
    traffic: { last15Minutes: number; last30Minutes: number };
  };
  rules: RuleStatusJson[];
  burnRates: BurnRate[];
  eligibility: PromotionEligibility;
  /** The critical live breach waiting for an operator, if any. */
  pause: BreachJson | null;
}

export const useSloTimechart = (range: SloRange) =>
  useQuery({
    queryKey: ['slo', 'timechart', range],
    queryFn: () =>
      fetchJson<SloTimechartJson>(`/api/slo/timechart?range=${encodeURIComponent(range)}`),
    refetchInterval: 60_000,
  });

export const useSloStatus = () =>
  useQuery({
    queryKey: ['slo', 'status'],
    queryFn: () => fetchJson<SloStatusJson>('/api/slo/status'),
    refetchInterval: 5000,
  });

/** Only the live pause: what every page polls for the auto-pause modal. */
export const useLivePause = () =>
  useQuery({
    queryKey: ['slo', 'pause'],
    queryFn: () => fetchJson<{ pause: BreachJson | null }>('/api/slo/pause'),
    select: (data) => data.pause,
    refetchInterval: 5000,
  });

export type BreachPeriod = '24h' | '7d' | '30d';
export const BREACH_PERIODS: Record<BreachPeriod, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export interface BreachFilter {
  /** How far back: the last 24 h unless told otherwise. */
  period?: BreachPeriod;
  rule?: string;
  window?: string;
}

export const useBreaches = (filter: BreachFilter = {}) =>
  useQuery({
    queryKey: ['breaches', filter.period ?? '24h', filter.rule ?? '', filter.window ?? ''],
    queryFn: () => {
      const params = new URLSearchParams();
      // "since" is computed per fetch, so the key stays stable while the window slides.
      if (filter.period && filter.period !== '24h')
        params.set('since', new Date(Date.now() - BREACH_PERIODS[filter.period]).toISOString());
      if (filter.rule) params.set('rule', filter.rule);
      if (filter.window) params.set('window', filter.window);
      const query = params.toString();
      return fetchJson<{ since: string; breaches: BreachJson[] }>(
        `/api/breaches${query ? `?${query}` : ''}`,
      );
    },
    select: (data) => data.breaches,
    refetchInterval: 10_000,
  });

/** Acknowledges a breach (operators); acknowledging the pausing breach lifts the live pause. */
export function useAcknowledgeBreach() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      fetchJson<{ breach: BreachJson }>(`/api/breaches/${encodeURIComponent(id)}/ack`, {
        method: 'POST',
      }),
    onSuccess: ({ breach }) => {
      client.setQueryData<SloStatusJson>(['slo', 'status'], (old) =>
        old && old.pause?.id === breach.id ? { ...old, pause: null } : old,
      );
      client.setQueryData<{ pause: BreachJson | null }>(['slo', 'pause'], (old) =>
        old && old.pause?.id === breach.id ? { pause: null } : old,
      );
      return Promise.all([
        client.invalidateQueries({ queryKey: ['slo'] }),
        client.invalidateQueries({ queryKey: ['breaches'] }),
        client.invalidateQueries({ queryKey: ['rollout'] }),
      ]);
    },
  });
}
