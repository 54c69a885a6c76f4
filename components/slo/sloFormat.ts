// How breach observations and trigger actions read in the panel (generic numbers and
// moments: components/ui/format.ts).

import { TRIGGER_RULES } from '@/lib/domain/slo/triggers';
import { formatMs, formatPercent, formatSeconds } from '@/components/ui/format';

export const ruleDescription = (id: string): string | undefined =>
  TRIGGER_RULES.find((r) => r.id === id)?.description;

/** The unit of a rule's threshold / lowest / value fields. */
function valueFormatter(rule: string): (v: number) => string {
  switch (rule) {
    case 'err-rate-30m':
    case 'score-errors-3h':
    case 'hit-rate-12h':
      return (v) => formatPercent(v);
    case 'no-skill-12h': // the hit rate's margin over the best baseline, in percentage points
      return (v) => `${v < 0 ? '−' : '+'}${Math.abs(v * 100).toFixed(2)} pts`;
    case 'staleness-30m':
      return (v) => formatSeconds(v);
    case 'p95-15m':
      return (v) => formatMs(v);
    default:
      return (v) => v.toFixed(3);
  }
}

const LABELS: Record<string, string> = {
  threshold: 'threshold',
  lowest: 'lowest minute',
  value: 'value',
  breachingMinutes: 'breaching minutes',
  minutesWithoutData: 'minutes without data',
  minutes: 'minutes',
  n: 'samples',
  minN: 'samples needed',
  minPeriods: 'independent periods needed',
};
const VALUE_KEYS = new Set(['threshold', 'lowest', 'value']);

/**
 * "lowest minute 5.00 % · threshold 2.00 % · breaching minutes 30 · …"; per-horizon figures
 * (`value@1d`, `n@1d`) read "1d 40.00 % (60 samples)".
 */
export function formatObserved(rule: string, observed: Record<string, number | null>): string {
  const format = valueFormatter(rule);
  const order = ['lowest', 'value', 'threshold'];
  const plain = Object.keys(observed).filter((key) => !key.includes('@'));
  const keys = plain.sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
  });
  const horizons = [
    ...new Set(
      Object.keys(observed)
        .filter((key) => key.includes('@'))
        .map((key) => key.slice(key.indexOf('@') + 1)),
    ),
  ];
  const shown = (v: number | null | undefined, asValue: boolean) =>
    v === null || v === undefined ? '—' : asValue ? format(v) : String(v);
  return [
    ...keys.map((key) => `${LABELS[key] ?? key} ${shown(observed[key], VALUE_KEYS.has(key))}`),
    ...horizons.map(
      (h) =>
        `${h} ${shown(observed[`value@${h}`], true)} (${shown(observed[`n@${h}`], false)} samples)`,
    ),
  ].join(' · ');
}

/** What the product did about a breach, in words. */
export function describeAction(b: {
  rule: string;
  action: string;
  stageBefore: string;
  stageAfter: string;
  pausedLive: boolean;
}): string {
  if (b.action === 'overridden') {
    return `None: an admin promoted past this rule, so the rollout stays at ${b.stageBefore}.`;
  }
  if (b.action === 'none') {
    const target =
      TRIGGER_RULES.find((r) => r.id === b.rule)?.action === 'rollback' ? 'off' : 'preview';
    return b.stageAfter === b.stageBefore
      ? `None: the rollout was already at ${b.stageBefore}, at or below this rule's target (${target}).`
      : `None of its own: a stronger rule moved the rollout from ${b.stageBefore} to ${b.stageAfter}.`;
  }
  const moved =
    b.action === 'rollback'
      ? `Rolled the rollout back from ${b.stageBefore} to ${b.stageAfter}`
      : `Stepped the rollout down from ${b.stageBefore} to ${b.stageAfter}`;
  return b.pausedLive
    ? `${moved} and paused live decisions until an operator acknowledges.`
    : `${moved}.`;
}
