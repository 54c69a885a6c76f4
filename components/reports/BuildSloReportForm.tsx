'use client';

import { useState } from 'react';
import { ConfirmBox } from '@/components/ui/ConfirmBox';
import { useBuildSloDailyReport } from '@/lib/hooks/useReports';

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * An operator builds a past UTC day's report now, or rebuilds one (replacing the stored report),
 * after confirming it. Audited.
 */
export function BuildSloReportForm({ onBuilt }: { onBuilt: (day: string) => void }) {
  const yesterday = isoDay(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS);
  const [date, setDate] = useState(yesterday);
  const [confirming, setConfirming] = useState(false);
  const build = useBuildSloDailyReport();
  const invalid = !date
    ? 'choose a day'
    : date > yesterday
      ? 'only a day that is over (UTC) can be reported'
      : null;
  return (
    <form
      aria-label="Build a daily SLO report"
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid) setConfirming(true);
      }}
    >
      <div className="row">
        <label>
          Day (UTC)
          <input
            type="date"
            name="date"
            required
            max={yesterday}
            value={date}
            onChange={(e) => (setDate(e.target.value), setConfirming(false))}
          />
        </label>
        <button
          type="submit"
          disabled={Boolean(invalid) || confirming || build.isPending}
          title={invalid ?? undefined}
          style={{ marginBottom: '0.75rem' }}
        >
          Build report…
        </button>
      </div>
      {invalid && <p className="muted">{invalid}</p>}
      {confirming && (
        <ConfirmBox
          action={{
            title: 'Confirm the report',
            consequence: `Build the SLO report of ${date} (00:00 to 24:00 UTC) from the stored SLO minutes, breaches, stage changes, score events and outcomes. A report already stored for that day is replaced by the new one; nothing else changes. Audited.`,
            confirmLabel: 'Confirm: build it',
            run: () =>
              build.mutate(date, {
                onSuccess: (stored) => {
                  setConfirming(false);
                  onBuilt(stored.day);
                },
                onError: () => setConfirming(false),
              }),
          }}
          busy={build.isPending}
          busyLabel="Building…"
          onCancel={() => setConfirming(false)}
        />
      )}
      {build.isSuccess && !confirming && (
        <p role="status">
          Report of {build.data.day} built: worst gate state {build.data.report.worst}.
        </p>
      )}
      {build.error && (
        <p className="error" role="alert">
          {build.error.message}
        </p>
      )}
    </form>
  );
}
