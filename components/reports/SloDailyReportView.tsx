'use client';

import type { SloDailyReportWire } from '@/lib/contracts/reports';
import { sloDailyCsvHref, sloDailyJsonHref, useSloDailyReport } from '@/lib/hooks/useReports';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatNumber, formatPercent, formatTime } from '@/components/ui/format';
import { QueryState } from '@/components/ui/QueryState';
import { GateMinutesTable } from './GateMinutesTable';
import { WorstBadge } from './WorstBadge';

type Report = SloDailyReportWire;
type Breach = Report['breaches']['items'][number];
type Change = Report['stageChanges']['items'][number];
type Decision = Report['decisions']['byMode'][number];
type Quality = Report['quality']['horizons'][number];

const DECISION_LABELS: Record<string, string> = {
  '-1': 'short (−1)',
  '0': 'none (0)',
  '1': 'long (+1)',
};

const decisionColumns: Column<Decision>[] = [
  {
    key: 'mode',
    header: 'Mode',
    rowHeader: true,
    cell: (d) => (d.mode === 'none' ? 'failed request' : d.mode),
  },
  {
    key: 'decision',
    header: 'Decision',
    cell: (d) => (d.decision === null ? '—' : DECISION_LABELS[String(d.decision)]),
  },
  { key: 'count', header: 'Scores', nowrap: true, cell: (d) => formatNumber(d.count, 0) },
];

const qualityColumns: Column<Quality>[] = [
  { key: 'horizon', header: 'Horizon', rowHeader: true, cell: (q) => q.horizon },
  { key: 'model', header: 'Model', muted: true, cell: (q) => q.modelId },
  { key: 'n', header: 'Matured', nowrap: true, cell: (q) => formatNumber(q.n, 0) },
  {
    key: 'decisions',
    header: 'Decisions',
    nowrap: true,
    cell: (q) => formatNumber(q.nDecisions, 0),
  },
  {
    key: 'hit',
    header: 'Hit rate',
    nowrap: true,
    cell: (q) => formatPercent(q.hitRate),
    cellProps: (q) => ({ 'data-testid': `quality-hit-${q.horizon}` }),
  },
  { key: 'ir', header: 'IR', nowrap: true, cell: (q) => formatNumber(q.ir, 2) },
  {
    key: 'confid',
    header: 'Mean confid',
    nowrap: true,
    cell: (q) => formatNumber(q.meanConfid, 3),
  },
];

const changeColumns: Column<Change>[] = [
  { key: 'ts', header: 'When', cell: (c) => formatTime(c.ts) },
  {
    key: 'move',
    header: 'Stage',
    nowrap: true,
    cell: (c) => `${c.from} → ${c.to}${c.forced ? ' (forced)' : ''}`,
  },
  { key: 'actor', header: 'By', cell: (c) => c.actor },
  { key: 'reason', header: 'Reason', muted: true, cell: (c) => c.reason || '—' },
];

const breachColumns: Column<Breach>[] = [
  { key: 'ts', header: 'When', cell: (b) => formatTime(b.ts) },
  {
    key: 'rule',
    header: 'Rule',
    cell: (b) => (
      <>
        {b.rule}
        <div className="muted">
          {b.severity}, window {b.window}
        </div>
      </>
    ),
  },
  {
    key: 'action',
    header: 'Action',
    cell: (b) => (
      <>
        {b.action}
        <div className="muted">
          {b.stageBefore} → {b.stageAfter}
          {b.pausedLive ? ', live paused' : ''}
        </div>
      </>
    ),
  },
  { key: 'ended', header: 'Ended', cell: (b) => (b.endedAt ? formatTime(b.endedAt) : 'open') },
];

const more = (shown: number, count: number) =>
  count > shown ? ` (the first ${shown} of ${count}; the CSV and JSON hold the same)` : '';

/** One day's report: gates, volume and decisions, quality per horizon, stage changes, breaches. */
export function SloDailyReportView({ day }: { day: string }) {
  const query = useSloDailyReport(day);
  const stored = query.data;
  const report = stored?.report;
  return (
    <section className="panel" aria-label={`SLO report of ${day}`} data-testid="slo-report">
      <h2>
        {day} <span className="muted">(UTC day)</span>{' '}
        {report && <WorstBadge state={report.worst} testId="slo-report-worst" />}
      </h2>
      <QueryState query={query}>
        {stored && report && (
          <>
            <p className="muted">
              {formatTime(report.from)} to {formatTime(report.to)} (end excluded) · built{' '}
              {formatTime(stored.createdAt)} by {stored.createdBy} · download{' '}
              <a href={sloDailyJsonHref(day)} download={`slo-daily_${day}.json`}>
                JSON
              </a>{' '}
              or{' '}
              <a href={sloDailyCsvHref(day)} download>
                CSV
              </a>
            </p>
            <h3>Gates: minutes of the day</h3>
            <GateMinutesTable report={report} />
            <p className="muted">
              {formatNumber(report.minutes, 0)} SLO minutes of {report.minuteSeconds} s. Each minute
              is judged on its own requests by the gate bands of the guardrails; p95 and error rate
              need at least 5 requests in the minute. Stage in force:{' '}
              {report.stages
                .map((s, i) => (i === 0 ? s.stage : `${s.stage} from ${formatTime(s.from)}`))
                .join(', then ')}
              .
            </p>
            <h3>Score volume and decisions</h3>
            <p data-testid="slo-report-volume">
              {formatNumber(report.volume.requests, 0)} score requests,{' '}
              {formatNumber(report.volume.errors, 0)} failed, in{' '}
              {formatNumber(report.volume.minutesWithTraffic, 0)} minutes with traffic.
              {!report.decisions.complete && (
                <span className="muted">
                  {' '}
                  Decisions cover {formatNumber(report.decisions.events, 0)} of them: raw score
                  events are kept 7 days.
                </span>
              )}
            </p>
            <DataTable
              label="Decisions by mode"
              columns={decisionColumns}
              rows={report.decisions.byMode}
              rowKey={(d) => `${d.mode}:${d.decision}`}
              emptyText={
                report.volume.requests > 0
                  ? 'No raw score events left for this day (they are kept 7 days): decisions cannot be counted.'
                  : 'No score requests this day.'
              }
            />
            <h3>Hit rate and IR per horizon</h3>
            <p className="muted">
              Predictions made on this UTC day (their candle&apos;s time) that had matured when the
              report was built, of{' '}
              {report.quality.models.length > 0
                ? `the model version${report.quality.models.length > 1 ? 's' : ''} active during the day: ${report.quality.models.join(', ')}`
                : 'the active model (none was active)'}
              . IR annualised by each horizon; rebuild the day later to count more matured ones.
            </p>
            <DataTable
              label="Hit rate and IR per horizon"
              columns={qualityColumns}
              rows={report.quality.horizons}
              rowKey={(q) => `${q.modelId}:${q.horizon}`}
              emptyText="No matured predictions of this day yet."
            />
            <h3>Stage changes ({report.stageChanges.count})</h3>
            {more(report.stageChanges.items.length, report.stageChanges.count) && (
              <p className="muted">
                {more(report.stageChanges.items.length, report.stageChanges.count)}
              </p>
            )}
            <DataTable
              label="Stage changes"
              columns={changeColumns}
              rows={report.stageChanges.items}
              rowKey={(c) => `${c.ts}:${c.from}:${c.to}`}
              emptyText="No stage change this day."
            />
            <h3>Breaches ({report.breaches.count})</h3>
            {more(report.breaches.items.length, report.breaches.count) && (
              <p className="muted">{more(report.breaches.items.length, report.breaches.count)}</p>
            )}
            <DataTable
              label="Breaches"
              columns={breachColumns}
              rows={report.breaches.items}
              rowKey={(b) => `${b.ts}:${b.rule}`}
              emptyText="No breach this day."
            />
          </>
        )}
      </QueryState>
    </section>
  );
}
