import type { DeploymentApi, Reply } from '@/lib/golive/api';
import { TRAFFIC_ORIGIN_HEADER } from '@/lib/contracts/score';

/** Marks every score certification sends, so its audit entries say `origin: certification`. */
export const CERTIFICATION_ORIGIN = { [TRAFFIC_ORIGIN_HEADER]: 'certification' };

/** The go-live card's rehearsal: SLO values that fail two gates, for this one request. */
export const REHEARSAL_HEADER = 'x-test-guardrails';
export const REHEARSAL_VALUES = 'p95=1600,err=0.03';

/**
 * The card's smoke payload: the canary pair BTCUSDT 1h, every indicator sent, so any deployment
 * can score it whatever candles it stores.
 */
export const SMOKE_FEATURE = {
  ts: '2026-01-05T14:00:00Z',
  symbol: 'BTCUSDT',
  tf: '1h',
  o: 43000,
  h: 43500,
  l: 42800,
  c: 43250,
  v: 1250.5,
  rsi_14: 41.3,
  macd_hist: 12.7,
  ema_20: 43100,
  ema_50: 42900,
};

/** The field the NaN guard poisons: JSON has no NaN, so it arrives as the string "NaN". */
export const NAN_FIELD = 'rsi_14';

export interface AuditSearch {
  /** The `ml.score` entry of the smoke score, when found. */
  entry: { id: string; ts: string; action: string; actor: string; details: unknown } | null;
  /** The last page read (its failure, when reading failed). */
  reply: Reply | null;
  read: number;
}

/** Everything the checks judge, fetched once, in the card's order. */
export interface Evidence {
  baseUrl: string;
  version: Reply;
  healthz: Reply;
  determinism: Reply;
  smoke: Reply;
  rehearsal: Reply;
  nanGuard: Reply;
  audit: AuditSearch;
  rollout: Reply;
  automation: Reply;
  slo: Reply;
}

/** Newest first, so the smoke entry is on the first page unless traffic is heavy. */
const AUDIT_PAGE = 200;
const AUDIT_PAGES = 10;

async function findAuditEntry(api: DeploymentApi, requestId: unknown): Promise<AuditSearch> {
  if (typeof requestId !== 'string') return { entry: null, reply: null, read: 0 };
  let cursor: string | undefined;
  let read = 0;
  let reply: Reply | null = null;
  for (let page = 0; page < AUDIT_PAGES; page++) {
    reply = await api.request('/api/audit/list', {
      body: { limit: AUDIT_PAGE, action: 'ml.score', ...(cursor && { cursor }) },
    });
    const body = reply.body as { items?: AuditSearch['entry'][]; nextCursor?: string | null };
    if (reply.status !== 200 || !Array.isArray(body?.items)) break;
    read += body.items.length;
    const entry = body.items.find(
      (item) => (item?.details as { requestId?: unknown } | null)?.requestId === requestId,
    );
    if (entry) return { entry, reply, read };
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return { entry: null, reply, read };
}

/**
 * Reads what the card checks. It writes nothing but the scores it sends (the smoke score and
 * the guardrail rehearsal; the NaN probe is refused before anything is stored), all marked as
 * certification traffic.
 */
export async function gatherEvidence(api: DeploymentApi): Promise<Evidence> {
  const publicGet = (path: string) => api.request(path, { auth: false });
  const score = (feature: unknown, headers: Record<string, string> = {}) =>
    api.request('/api/ml/score', {
      body: { feature },
      headers: { ...CERTIFICATION_ORIGIN, ...headers },
    });
  const version = await publicGet('/api/ml/version');
  const healthz = await publicGet('/api/healthz');
  const determinism = await publicGet('/api/ml/test/determinism');
  const smoke = await score(SMOKE_FEATURE);
  const rehearsal = await score(SMOKE_FEATURE, { [REHEARSAL_HEADER]: REHEARSAL_VALUES });
  const nanGuard = await score({ ...SMOKE_FEATURE, [NAN_FIELD]: 'NaN' });
  const audit = await findAuditEntry(api, (smoke.body as { requestId?: unknown })?.requestId);
  const rollout = await api.request('/api/rollout');
  const automation = await api.request('/api/automation/status');
  const slo = await api.request('/api/slo/status');
  return {
    baseUrl: api.baseUrl,
    version,
    healthz,
    determinism,
    smoke,
    rehearsal,
    nanGuard,
    audit,
    rollout,
    automation,
    slo,
  };
}
