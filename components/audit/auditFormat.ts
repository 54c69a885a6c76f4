import { formatNumber } from '@/components/ui/format';
import { decisionLabel } from '@/components/predictions/predictionFormat';

/** Actions the product writes, offered as suggestions in the action filter (any text works). */
export const KNOWN_ACTIONS = [
  'ml.score',
  'rollout.change',
  'rollout.override',
  'slo.trigger',
  'slo.acknowledge',
  'automation.start',
  'automation.stop',
  'candles.import',
  'admin.user_create',
  'admin.token_create',
  'admin.token_revoke',
  'auth.signin',
  'auth.signin_failed',
] as const;

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** What an `ml.score` entry's details say, each part null when absent. */
export interface ScoreDetails {
  symbol: string | null;
  tf: string | null;
  decision: number | null;
  confid: number | null;
  mlBucket: number | null;
  /** The guardrails' status: pass / warn / fail. */
  guardrails: string | null;
  advisory: boolean | null;
  /** off / preview / live. */
  mode: string | null;
}

export function scoreDetails(details: unknown): ScoreDetails {
  const d = record(details);
  return {
    symbol: str(d.symbol),
    tf: str(d.tf),
    decision: num(d.decision),
    confid: num(d.confid),
    mlBucket: num(d.ml_bucket),
    guardrails: str(record(d.guardrails).status),
    advisory: typeof d.advisory === 'boolean' ? d.advisory : null,
    mode: str(d.mode),
  };
}

/** "advisory (preview)" or "live": what the decision was allowed to do. */
export const adviceLabel = (s: ScoreDetails) =>
  s.advisory === null ? '—' : s.advisory ? `advisory${s.mode ? ` (${s.mode})` : ''}` : 'live';

/** One line about an entry's details, for the collapsed row. */
export function detailsSummary(action: string, details: unknown): string {
  if (action === 'ml.score') {
    const s = scoreDetails(details);
    return [
      `${s.symbol ?? '?'} ${s.tf ?? ''}`.trim(),
      s.decision === null ? null : decisionLabel(s.decision),
      s.confid === null ? null : `confid ${formatNumber(s.confid, 3)}`,
      s.guardrails ? `guardrails ${s.guardrails}` : null,
      adviceLabel(s),
    ]
      .filter(Boolean)
      .join(' · ');
  }
  const d = record(details);
  const keys = Object.keys(d);
  if (keys.length === 0) return Array.isArray(details) ? `${details.length} items` : '—';
  const text = keys
    .slice(0, 4)
    .map((k) => {
      const v = d[k];
      const shown = v !== null && typeof v === 'object' ? '…' : String(v);
      return `${k}: ${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}`;
    })
    .join(' · ');
  return keys.length > 4 ? `${text} · …` : text;
}
