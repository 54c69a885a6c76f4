import type { ChainStep } from '@/lib/contracts/chain';
import { Badge, type BadgeTone } from '@/components/slo/GateBadge';
import { formatNumber, formatTime } from '@/components/ui/format';

const TONE: Record<ChainStep['state'], BadgeTone> = {
  ok: 'pass',
  waiting: 'muted',
  stalled: 'warn',
  failed: 'fail',
};

/** How each step's figures read. */
const COUNT_LABELS: Record<string, string> = {
  cycles: 'cycles done',
  intervalSeconds: 'interval (s)',
  newInLastCycle: 'new predictions in the last cycle',
  seriesScored: 'series scored',
  seriesWithoutNewCandle: 'series without a new candle',
  seriesWithoutOutput: 'series without output',
  pending: 'outcomes pending (due, not filled)',
  filled: 'outcomes filled',
  notYetDue: 'not yet due',
  unresolvable: 'unresolvable',
  rows: 'metric rows',
  groups: 'calibration groups',
  nPairs: 'n_pairs (last run)',
  checksumFailures: 'checksum failures',
};

/** One step of the chain: its state, last run, figures, what it waits for or why it stalled. */
export function ChainStepCard({ step, extra }: { step: ChainStep; extra?: React.ReactNode }) {
  return (
    <li
      data-testid={`chain-step-${step.key}`}
      data-state={step.state}
      style={{
        listStyle: 'none',
        border: '1px solid var(--border)',
        borderRadius: 8,
        padding: '0.6rem 0.8rem',
        flex: '1 1 12rem',
        minWidth: 0,
      }}
    >
      <div className="row" style={{ justifyContent: 'space-between', gap: '0.5rem' }}>
        <strong>{step.label}</strong>
        <Badge tone={TONE[step.state]} testId={`chain-state-${step.key}`}>
          {step.state}
        </Badge>
      </div>
      <div className="muted" style={{ fontSize: '0.9em' }}>
        last run {formatTime(step.lastRun)}
      </div>
      <dl style={{ margin: '0.4rem 0', fontSize: '0.9em' }}>
        {Object.entries(step.counts).map(([key, value]) => (
          <div key={key} className="row" style={{ justifyContent: 'space-between', gap: '0.5rem' }}>
            <dt className="muted">{COUNT_LABELS[key] ?? key}</dt>
            <dd style={{ margin: 0 }}>{formatNumber(value, 0)}</dd>
          </div>
        ))}
        {step.queue && (
          <div className="row" style={{ justifyContent: 'space-between', gap: '0.5rem' }}>
            <dt className="muted">queue {step.queue.name}</dt>
            <dd style={{ margin: 0 }}>
              {step.queue.waiting} waiting · {step.queue.active} running · {step.queue.dead} dead
            </dd>
          </div>
        )}
      </dl>
      {extra}
      {step.reason ? (
        <p className={step.state === 'failed' ? 'error' : undefined} style={{ margin: 0 }}>
          {step.reason}
        </p>
      ) : (
        <p className="muted" style={{ margin: 0 }}>
          waits for {step.waitsFor}
        </p>
      )}
    </li>
  );
}
