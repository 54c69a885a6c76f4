'use client';

import { useSloStatus } from '@/lib/hooks/useSlo';
import { GateBadge } from '@/components/slo/GateBadge';
import { QueryState } from '@/components/ui/QueryState';
import { formatMs, formatPercent, formatSeconds } from '@/components/ui/format';

/** The four SLO gates of the go-live card and their state now (the SLO status read model). */
export function GatesAtAGlance() {
  const status = useSloStatus();
  const gates = status.data?.gates;
  return (
    <section className="panel" aria-label="Gates at a glance" style={{ flex: '1 1 14rem' }}>
      <h2>Gates at a glance</h2>
      <QueryState isPending={status.isPending} error={status.error}>
        {gates && (
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {[
              {
                key: 'p95',
                label: 'p95 latency',
                value: formatMs(gates.p95),
                state: gates.gates.p95,
              },
              {
                key: 'staleness',
                label: 'Staleness',
                value: formatSeconds(gates.staleness),
                state: gates.gates.staleness,
              },
              {
                key: 'err',
                label: 'Error rate',
                value: formatPercent(gates.err),
                state: gates.gates.err,
              },
              {
                key: 'scoreRate',
                label: 'Score rate',
                value: `${gates.scoreRate.perMinute.toFixed(1)} / min`,
                state: gates.scoreRate.state,
              },
            ].map((g) => (
              <li
                key={g.key}
                className="row"
                style={{ justifyContent: 'space-between', padding: '0.3rem 0' }}
              >
                <span>{g.label}</span>
                <span>
                  <span className="muted">{g.value}</span>{' '}
                  <GateBadge state={g.state} testId={`glance-${g.key}`} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
