import { Badge, type BadgeTone } from '@/components/slo/GateBadge';

export type WorstState = 'fail' | 'warn' | 'pass' | 'noData';

const TONES: Record<WorstState, BadgeTone> = {
  fail: 'fail',
  warn: 'warn',
  pass: 'pass',
  noData: 'muted',
};
const LABELS: Record<WorstState, string> = {
  fail: 'fail',
  warn: 'warn',
  pass: 'pass',
  noData: 'no data',
};

/** The worst state any gate reached in a minute of the day. */
export function WorstBadge({ state, testId }: { state: WorstState; testId?: string }) {
  return (
    <Badge tone={TONES[state]} testId={testId}>
      {LABELS[state]}
    </Badge>
  );
}
