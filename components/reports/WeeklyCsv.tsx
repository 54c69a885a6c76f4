'use client';

import { useState } from 'react';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatDayIn, formatNumber } from '@/components/ui/format';
import type { WeeklyReports } from '@/lib/contracts/weeklyReport';
import { parseIsoWeek } from '@/lib/domain/weeklyReport';
import { useWeeklyReports, weeklyCsvHref } from '@/lib/hooks/useWeeklyReport';

type Week = WeeklyReports['weeks'][number];

const columns: Column<Week>[] = [
  { key: 'week', header: 'ISO week', rowHeader: true, nowrap: true, cell: (w) => w.week },
  {
    key: 'monday',
    header: 'From Monday (UTC)',
    nowrap: true,
    // ISO weeks are defined in UTC: the week's first day, labelled with its zone.
    cell: (w) => formatDayIn(w.from, 'UTC'),
  },
  {
    key: 'rows',
    header: 'Matured predictions',
    nowrap: true,
    cell: (w) => formatNumber(w.rows, 0),
  },
  {
    key: 'download',
    header: 'Download',
    nowrap: true,
    cell: (w) => (
      <a href={weeklyCsvHref(w.week)} download data-testid={`weekly-csv-${w.week}`}>
        CSV of {w.week}
      </a>
    ),
  },
];

/**
 * The weekly CSV: every matured prediction of an ISO week (of its candle's time, Monday 00:00
 * UTC to the next Monday) with its confidences, parts, decisions, result and how it was served.
 * A picker for any week since the first matured prediction, and the last 12 weeks with their
 * row counts.
 */
export function WeeklyCsv() {
  const reports = useWeeklyReports();
  const [picked, setPicked] = useState('');
  const data = reports.data;
  const week = picked || data?.lastWeek || data?.weeks[0]?.week || '';
  const valid = parseIsoWeek(week) !== null;
  const recentOldest = data?.weeks.at(-1)?.week;
  return (
    <section className="panel" aria-labelledby="weekly-csv-title">
      <h2 id="weekly-csv-title">Weekly CSV</h2>
      <p className="muted">
        One row per matured prediction of an ISO week (its candle&apos;s time, Monday 00:00 UTC to
        the next Monday): ts, symbol, tf, horizon, model, raw confidence, confid, ml_bucket, the
        three parts, decision, live decision, realised return, hit, and served (<code>live</code> or{' '}
        <code>advisory</code>; backfilled history is advisory). Predictions whose horizon has not
        yet matured join their week later. Each daily archive of a Monday also carries the week that
        just ended.
      </p>
      <form className="row" aria-label="Pick a week" onSubmit={(e) => e.preventDefault()}>
        <label>
          Week
          <input
            type="week"
            name="week"
            value={week}
            min={data?.firstWeek ?? undefined}
            onChange={(e) => setPicked(e.target.value)}
          />
        </label>
        <p style={{ marginBottom: '0.75rem' }}>
          {valid ? (
            <a href={weeklyCsvHref(week)} download data-testid="weekly-csv-picked">
              Download the CSV of {week}
            </a>
          ) : (
            <span className="muted">Pick a week (YYYY-Www, e.g. 2026-W47) to download it.</span>
          )}
        </p>
      </form>
      {data?.firstWeek && data.lastWeek && (
        <p className="muted">
          Matured predictions exist from {data.firstWeek} to {data.lastWeek}
          {recentOldest && data.lastWeek < recentOldest ? ' (none in the last 12 weeks)' : ''}.
        </p>
      )}
      <DataTable
        label="The last 12 weeks"
        columns={columns}
        rows={data?.weeks}
        rowKey={(w) => w.week}
        status={reports}
        emptyText="No complete week yet."
      />
    </section>
  );
}
