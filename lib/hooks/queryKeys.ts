import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { ApiError } from '@/lib/client/apiError';
import type { SloRange } from '@/lib/contracts/slo';

// Every query and mutation calls the API through lib/client, which throws only ApiError.
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

/**
 * Every cache key of the panel, by feature. Keys nest (`['slo']` covers `['slo', 'status']`),
 * so a mutation invalidates a whole feature or one read by the same factory the reads use.
 */
export const queryKeys = {
  admin: {
    all: ['admin'] as const,
    users: () => ['admin', 'users'] as const,
    tokens: () => ['admin', 'tokens'] as const,
  },
  archives: {
    all: ['archives'] as const,
    list: (filter: Record<string, string | undefined>) => ['archives', 'list', filter] as const,
  },
  reports: {
    all: ['reports'] as const,
    sloDailyList: (cursor?: string) => ['reports', 'sloDaily', 'list', cursor] as const,
    sloDaily: (day: string) => ['reports', 'sloDaily', 'day', day] as const,
  },
  account: {
    all: ['account'] as const,
    tokens: () => ['account', 'tokens'] as const,
  },
  audit: {
    all: ['audit'] as const,
    list: (filter: Record<string, string | undefined>) => ['audit', 'list', filter] as const,
    recentScores: () => ['audit', 'recentScores'] as const,
  },
  automation: {
    all: ['automation'] as const,
    status: () => ['automation', 'status'] as const,
    chain: () => ['automation', 'chain'] as const,
  },
  market: {
    all: ['market'] as const,
    instruments: () => ['market', 'instruments'] as const,
    features: (series: { symbol?: string; tf?: string; limit: number }) =>
      ['market', 'features', series] as const,
  },
  instruments: {
    all: ['instruments'] as const,
    feeds: () => ['instruments', 'feeds'] as const,
    detail: (symbol: string) => ['instruments', 'detail', symbol] as const,
  },
  modelMetrics: {
    all: ['modelMetrics'] as const,
    list: (filter: Record<string, string | undefined>) => ['modelMetrics', 'list', filter] as const,
    trend: (filter: Record<string, string | number | undefined>) =>
      ['modelMetrics', 'trend', filter] as const,
  },
  models: {
    all: ['models'] as const,
    list: () => ['models', 'list'] as const,
  },
  shadow: {
    all: ['shadow'] as const,
    compare: (filter: Record<string, string | undefined>) => ['shadow', 'compare', filter] as const,
    promotion: (id: string) => ['shadow', 'promotion', id] as const,
    backfill: (id: string) => ['shadow', 'backfill', id] as const,
  },
  rollout: {
    all: ['rollout'] as const,
    state: () => ['rollout', 'state'] as const,
    changes: () => ['rollout', 'changes'] as const,
  },
  threshold: {
    all: ['threshold'] as const,
    state: () => ['threshold', 'state'] as const,
  },
  canary: {
    all: ['canary'] as const,
    status: () => ['canary', 'status'] as const,
  },
  slo: {
    all: ['slo'] as const,
    status: () => ['slo', 'status'] as const,
    pause: () => ['slo', 'pause'] as const,
    timechart: (range: SloRange, from?: string, to?: string) =>
      ['slo', 'timechart', range, from, to] as const,
  },
  calibration: {
    all: ['calibration'] as const,
    report: (filter: Record<string, string | undefined>) =>
      ['calibration', 'report', filter] as const,
  },
  drift: {
    all: ['drift'] as const,
    get: (filter: Record<string, string | number | undefined>) => ['drift', filter] as const,
  },
  breaches: {
    all: ['breaches'] as const,
    list: (filter: Record<string, string | undefined>) => ['breaches', 'list', filter] as const,
  },
  signalParts: {
    all: ['signalParts'] as const,
    get: (filter: { model?: string; horizon?: string; window: string }) =>
      ['signalParts', filter] as const,
  },
  paperVsLive: {
    all: ['paperVsLive'] as const,
    get: (filter: Record<string, string | undefined>) => ['paperVsLive', filter] as const,
  },
  queues: {
    all: ['queues'] as const,
    report: () => ['queues', 'report'] as const,
    jobs: (filter: { name: string; state?: string; cursor?: string }) =>
      ['queues', 'jobs', filter] as const,
    job: (name: string, id: string) => ['queues', 'job', name, id] as const,
  },
  predictions: {
    all: ['predictions'] as const,
    list: (filter: Record<string, string | undefined>) => ['predictions', 'list', filter] as const,
  },
  webhooks: {
    all: ['webhooks'] as const,
    list: () => ['webhooks', 'list'] as const,
    deliveries: (id: string, cursor?: string) => ['webhooks', 'deliveries', id, cursor] as const,
  },
  weeklyReport: {
    all: ['weeklyReport'] as const,
    weeks: () => ['weeklyReport', 'weeks'] as const,
  },
};

/** Marks every cached read under these keys stale (refetching the ones on screen). */
export const invalidate = (client: QueryClient, ...keys: QueryKey[]) =>
  Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
