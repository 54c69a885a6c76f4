'use client';

import { TRIGGER_RULES } from '@/lib/domain/slo/triggers';
import type { Breach } from '@/lib/contracts/slo';
import { BREACH_PERIODS, useBreaches, type BreachPeriod } from '@/lib/hooks/useSlo';
import { evidenceHref } from '@/lib/hooks/useArchives';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { formatTime } from '@/components/ui/format';
import { useListParams } from '@/components/ui/useListParams';
import { RangePicker } from '@/components/ui/RangePicker';
import { AcknowledgeButton } from './AcknowledgeButton';
import { Badge } from './GateBadge';
import { describeAction, formatObserved, ruleDescription } from './sloFormat';

const WINDOWS = [...new Set(TRIGGER_RULES.map((r) => `${r.windowMinutes}m`))];
const PRESETS = Object.keys(BREACH_PERIODS);

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

const columns = (canAcknowledge: boolean): Column<Breach>[] => [
  {
    key: 'time',
    header: 'Time',
    cell: (b) => (
      <>
        {formatTime(b.ts)}
        <div className="muted">#{b.id}</div>
        <div className="muted" data-testid="breach-episode">
          {b.endedAt ? `ended ${formatTime(b.endedAt)}` : 'still breaching'}
        </div>
      </>
    ),
  },
  {
    key: 'rule',
    header: 'Rule',
    cell: (b) => (
      <>
        <strong>{b.rule}</strong>{' '}
        <Badge tone={b.severity === 'critical' ? 'fail' : 'warn'}>{b.severity}</Badge>
        <div className="muted">{ruleDescription(b.rule)}</div>
      </>
    ),
  },
  { key: 'window', header: 'Window', cell: (b) => b.window },
  { key: 'observed', header: 'Observed', cell: (b) => formatObserved(b.rule, b.observed) },
  {
    key: 'stage',
    header: 'Stage',
    nowrap: true,
    cell: (b) => `${b.stageBefore} → ${b.stageAfter}`,
  },
  { key: 'action', header: 'Action', cell: (b) => describeAction(b) },
  {
    key: 'ack',
    header: 'Acknowledgement',
    cell: (b) => <Acknowledgement breach={b} canAcknowledge={canAcknowledge} />,
  },
  {
    key: 'evidence',
    header: 'Evidence',
    cell: (b) => (
      <a
        href={evidenceHref(b.id)}
        data-testid="breach-evidence"
        title="ZIP of the breach's window ± 1 h (score events, SLO rollups, stage changes, audit): built once the hour after the breach has passed; listed on the Archives page"
      >
        evidence ZIP
      </a>
    ),
  },
];

const isPeriod = (value: string): value is BreachPeriod =>
  value === 'custom' || value in BREACH_PERIODS;

/** Recorded breaches, newest first: the last 24 h by default, filtered by rule and window. */
export function BreachHistory({ canAcknowledge }: { canAcknowledge: boolean }) {
  const list = useListParams({ period: '24h', from: '', to: '', rule: '', window: '' });
  const period = isPeriod(list.filters.period) ? list.filters.period : '24h';
  const { rule, window, from, to } = list.filters;
  const breaches = useBreaches({
    period,
    from: from || undefined,
    to: to || undefined,
    rule,
    window,
    cursor: list.cursor,
  });
  const periodText =
    period === 'custom'
      ? `between ${formatTime(from || null)} and ${formatTime(to || null)}`
      : `in the last ${period === '24h' ? '24 h' : period}`;

  return (
    <section className="panel" aria-label="Breach history">
      <DataTable
        label="Breaches"
        columns={columns(canAcknowledge)}
        rows={breaches.data?.items}
        rowKey={(b) => b.id}
        rowProps={(b) => ({ 'data-testid': `breach-${b.id}` })}
        status={breaches}
        emptyText={`No breaches ${periodText}${rule || window ? ' matching the filter' : ''}.`}
        filters={
          <>
            <RangePicker
              presets={PRESETS}
              value={{ period, from, to }}
              onChange={(next) =>
                list.setFilters({ period: next.period, from: next.from ?? '', to: next.to ?? '' })
              }
            />
            <form className="row" aria-label="Filter breaches" onSubmit={(e) => e.preventDefault()}>
              <FilterSelect
                label="Rule"
                value={rule}
                options={[
                  { value: '', label: 'all rules' },
                  ...TRIGGER_RULES.map((r) => ({ value: r.id, label: r.id })),
                ]}
                onChange={(v) => list.setFilter('rule', v)}
              />
              <FilterSelect
                label="Window"
                value={window}
                options={[
                  { value: '', label: 'all windows' },
                  ...WINDOWS.map((w) => ({ value: w, label: w })),
                ]}
                onChange={(v) => list.setFilter('window', v)}
              />
            </form>
          </>
        }
        paging={{
          cursor: list.cursor,
          nextCursor: breaches.data?.nextCursor ?? null,
          onPage: list.setCursor,
        }}
      />
    </section>
  );
}
