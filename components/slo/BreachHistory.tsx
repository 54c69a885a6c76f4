'use client';

import { useState } from 'react';
import { TRIGGER_RULES } from '@/lib/domain/slo/triggers';
import type { Breach } from '@/lib/contracts/slo';
import { useBreaches, type BreachPeriod } from '@/lib/hooks/useSlo';
import { AcknowledgeButton } from '@/components/slo/AcknowledgeButton';
import { Badge } from '@/components/slo/GateBadge';
import { QueryState } from '@/components/ui/QueryState';
import {
  describeAction,
  formatObserved,
  formatTime,
  ruleDescription,
} from '@/components/slo/sloFormat';

const WINDOWS = [...new Set(TRIGGER_RULES.map((r) => `${r.windowMinutes}m`))];

function Acknowledgement({ breach, canAcknowledge }: { breach: Breach; canAcknowledge: boolean }) {
  if (breach.acknowledgedAt)
    return (
      <span data-testid="breach-ack">
        <Badge tone="pass">acknowledged</Badge>{' '}
        <span className="muted">
          by {breach.acknowledgedBy} at {formatTime(breach.acknowledgedAt)}
        </span>
      </span>
    );
  if (!breach.pausedLive) return <span className="muted">not needed (no live pause)</span>;
  return (
    <span data-testid="breach-ack">
      <Badge tone="fail">awaiting acknowledgement</Badge>{' '}
      {canAcknowledge ? (
        <AcknowledgeButton breachId={breach.id} />
      ) : (
        <span className="muted">an operator must acknowledge</span>
      )}
    </span>
  );
}

/** Recorded breaches, newest first: the last 24 h by default, filtered by rule and window. */
export function BreachHistory({ canAcknowledge }: { canAcknowledge: boolean }) {
  const [period, setPeriod] = useState<BreachPeriod>('24h');
  const [rule, setRule] = useState('');
  const [windowFilter, setWindowFilter] = useState('');
  const breaches = useBreaches({ period, rule, window: windowFilter });

  return (
    <section className="panel" aria-label="Breach history">
      <form className="row" aria-label="Filter breaches" onSubmit={(e) => e.preventDefault()}>
        <label>
          Period
          <select value={period} onChange={(e) => setPeriod(e.target.value as BreachPeriod)}>
            <option value="24h">last 24 h</option>
            <option value="7d">last 7 days</option>
            <option value="30d">last 30 days</option>
          </select>
        </label>
        <label>
          Rule
          <select value={rule} onChange={(e) => setRule(e.target.value)}>
            <option value="">all rules</option>
            {TRIGGER_RULES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Window
          <select value={windowFilter} onChange={(e) => setWindowFilter(e.target.value)}>
            <option value="">all windows</option>
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryState
        isPending={breaches.isPending}
        error={breaches.error}
        isEmpty={breaches.data?.items.length === 0}
        emptyText={`No breaches in the ${period === '24h' ? 'last 24 h' : `last ${period}`}${
          rule || windowFilter ? ' matching the filter' : ''
        }.`}
      >
        <table aria-label="Breaches">
          <thead>
            <tr>
              <th>Time</th>
              <th>Rule</th>
              <th>Window</th>
              <th>Observed</th>
              <th>Stage</th>
              <th>Action</th>
              <th>Acknowledgement</th>
            </tr>
          </thead>
          <tbody>
            {breaches.data?.items.map((b) => (
              <tr key={b.id} data-testid={`breach-${b.id}`}>
                <td>
                  {formatTime(b.ts)}
                  <div className="muted">#{b.id}</div>
                  <div className="muted" data-testid="breach-episode">
                    {b.endedAt ? `ended ${formatTime(b.endedAt)}` : 'still breaching'}
                  </div>
                </td>
                <td>
                  <strong>{b.rule}</strong>{' '}
                  <Badge tone={b.severity === 'critical' ? 'fail' : 'warn'}>{b.severity}</Badge>
                  <div className="muted">{ruleDescription(b.rule)}</div>
                </td>
                <td>{b.window}</td>
                <td>{formatObserved(b.rule, b.observed)}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  {b.stageBefore} → {b.stageAfter}
                </td>
                <td>{describeAction(b)}</td>
                <td>
                  <Acknowledgement breach={b} canAcknowledge={canAcknowledge} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}
