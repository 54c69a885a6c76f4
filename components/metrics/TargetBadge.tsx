import { Badge } from '@/components/slo/GateBadge';

/** A card target met or missed (null: the figure has no value yet). */
export function TargetBadge({
  met,
  label,
  testId,
}: {
  met: boolean | null;
  /** The target as read, e.g. "≥ 60 %". */
  label: string;
  testId?: string;
}) {
  if (met === null)
    return (
      <Badge tone="muted" testId={testId}>
        target {label}: n/a
      </Badge>
    );
  return (
    <Badge tone={met ? 'pass' : 'fail'} testId={testId}>
      {met ? 'met' : 'missed'} {label}
    </Badge>
  );
}
