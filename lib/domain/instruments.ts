// The universe's rules: which horizons a timeframe may carry, and how a feed's health reads.
import { GATE_BANDS, gateState, stalenessSeconds, type GateState } from './guardrails';
import { parseHorizon } from './horizons';
import { timeframeMs, type Timeframe } from './timeframes';

export const FEED_SOURCES = ['http', 'replay', 'csv'] as const;
export type FeedSource = (typeof FEED_SOURCES)[number];

/** Sources the feed worker polls; `csv` is filled by imports only. */
export const LIVE_SOURCES: readonly FeedSource[] = ['http', 'replay'];
export const isLiveSource = (source: string) =>
  (LIVE_SOURCES as readonly string[]).includes(source);

/** The default history fetched when a live feed is added (candles per timeframe). */
export const DEFAULT_HISTORY_LIMIT = 1000;
// One page of a Binance-compatible klines source (its cap): the history is fetched in one request.
export const MAX_HISTORY_LIMIT = 1000;

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A horizon's nominal length (a day horizon as 24 h: calendar days are ≥ 23 h, never shorter). */
export function horizonMs(horizon: string): number {
  const { amount, unit } = parseHorizon(horizon);
  return amount * UNIT_MS[unit];
}

/**
 * The horizons of `horizons` that are shorter than one candle of `tf`: a prediction about a
 * candle cannot mature before the next candle exists, so such a horizon is refused.
 */
export function horizonsShorterThan(tf: Timeframe, horizons: readonly string[]): string[] {
  return horizons.filter((h) => horizonMs(h) < timeframeMs(tf));
}

export type FeedStatus =
  /** The instrument is deactivated: nothing is polled or scored. */
  | 'inactive'
  /** Filled by CSV imports only: no feed to watch. */
  | 'import'
  /** The history backfill has not finished yet. */
  | 'backfilling'
  /** The history backfill gave up (after its retries); an edit queues it again. */
  | 'backfill-failed'
  /** The latest attempt failed (its error is newer than the last success). */
  | 'failing'
  /** The last success is older than the staleness gate's warn band allows. */
  | 'stale'
  | 'ok';

export interface FeedHealthInput {
  active: boolean;
  /** The configured source, or the feed_status row's for a series configured in code. */
  source: string | null;
  backfillState: string | null;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
}

export interface FeedHealth {
  status: FeedStatus;
  /** Seconds since the last success; null where nothing is polled or nothing succeeded yet. */
  staleness: number | null;
  /** The staleness gate's band (SPEC §5: ≤ 30 s pass, ≤ 60 s warn, else fail). */
  gate: GateState;
  /** Shown on the overview and in diagnose. */
  flagged: boolean;
}

export function feedHealth(input: FeedHealthInput, now: Date): FeedHealth {
  const live = input.source !== null && isLiveSource(input.source);
  const staleness = live && input.lastSuccessAt ? stalenessSeconds(input.lastSuccessAt, now) : null;
  const gate = gateState(staleness, GATE_BANDS.staleness);
  const result = (status: FeedStatus): FeedHealth => ({
    status,
    staleness: status === 'inactive' || status === 'import' ? null : staleness,
    gate: status === 'inactive' || status === 'import' ? 'n/a' : gate,
    flagged: status === 'failing' || status === 'stale' || status === 'backfill-failed',
  });
  if (!input.active) return result('inactive');
  if (!live) return result('import');
  if (input.backfillState === 'failed') return result('backfill-failed');
  if (input.backfillState === 'queued' || input.backfillState === 'running')
    return result('backfilling');
  if (
    input.lastErrorAt &&
    (!input.lastSuccessAt || input.lastErrorAt.getTime() > input.lastSuccessAt.getTime())
  )
    return result('failing');
  if (gate === 'fail') return result('stale');
  if (!input.lastSuccessAt) return result('backfilling');
  return result('ok');
}

/**
 * Why a klines base URL is refused, or null when it is fine: it must be an absolute http(s) URL
 * without credentials, query or fragment (the path is kept: `/api/v3/klines` is appended to it).
 */
export function klinesBaseUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be http(s)';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.search || url.hash) return 'must not have a query or fragment';
  return null;
}
