'use client';

import { useState } from 'react';
import { useSloDailyReports } from '@/lib/hooks/useReports';
import { useListParams } from '@/components/ui/useListParams';
import { BuildSloReportForm } from './BuildSloReportForm';
import { SloDailyReportList } from './SloDailyReportList';
import { SloDailyReportView } from './SloDailyReportView';

/**
 * The daily SLO reports: the stored days and the chosen day's report (by default the newest),
 * the day kept in the URL (`?day=`, shareable). Operators build or rebuild a past day.
 */
export function SloDailyReports({ canBuild }: { canBuild: boolean }) {
  const list = useListParams({ day: '' });
  // Pages of days stay local: choosing a day (kept in the URL) does not leave the page shown.
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const newest = useSloDailyReports(undefined).data?.items[0]?.day;
  const day = list.filters.day || newest;
  return (
    <>
      <section className="panel" aria-label="Daily SLO reports">
        <h2>Daily SLO reports</h2>
        <p className="muted">
          A day is a UTC calendar day, 00:00 to 24:00 UTC. The daily job builds the previous day’s
          report a few minutes after midnight UTC; each report is stored and downloadable as JSON
          and CSV.
        </p>
        {canBuild ? (
          <BuildSloReportForm onBuilt={(d) => list.setFilter('day', d)} />
        ) : (
          <p className="muted">Operators build or rebuild a day on demand.</p>
        )}
        <SloDailyReportList
          selected={day}
          onSelect={(d) => list.setFilter('day', d)}
          cursor={cursor}
          onPage={setCursor}
        />
      </section>
      {day && <SloDailyReportView day={day} />}
    </>
  );
}
