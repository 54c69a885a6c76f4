import type { GateState } from '@/lib/domain/guardrails';

export type BadgeTone = 'pass' | 'warn' | 'fail' | 'muted';

const COLORS: Record<BadgeTone, { color: string; border: string }> = {
  pass: { color: 'var(--ok)', border: 'var(--ok)' },
  warn: { color: 'var(--warn)', border: 'var(--warn)' },
  fail: { color: 'var(--danger)', border: 'var(--danger)' },
  muted: { color: 'var(--muted)', border: 'var(--border)' },
};

/** A small coloured label: a gate's pass / warn / fail / n/a, a rule's state, and the like. */
export function Badge({
  tone,
  children,
  testId,
}: {
  tone: BadgeTone;
  children: React.ReactNode;
  testId?: string;
}) {
  const { color, border } = COLORS[tone];
  return (
    <span
      data-testid={testId}
      data-tone={tone}
      style={{
        display: 'inline-block',
        padding: '0.1rem 0.5rem',
        borderRadius: 999,
        border: `1px solid ${border}`,
        color,
        fontSize: '0.85em',
        fontWeight: 600,
        whiteSpace: 'nowrap',
      }}
    >
      {children}
    </span>
  );
}

export function GateBadge({ state, testId }: { state: GateState; testId?: string }) {
  return (
    <Badge tone={state === 'n/a' ? 'muted' : state} testId={testId}>
      {state}
    </Badge>
  );
}
