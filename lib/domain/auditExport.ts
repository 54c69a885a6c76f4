// The audit log's CSV: one line per entry, the JSON list's fields in its order (details as their
// JSON text), instants ISO-8601 UTC.
import { csvLine } from './predictionExport';

export const AUDIT_CSV_COLUMNS = ['id', 'ts', 'action', 'actor', 'details'] as const;

export const auditCsvHeader = () => csvLine(AUDIT_CSV_COLUMNS);

export const auditCsvLine = (e: {
  id: bigint;
  ts: Date;
  action: string;
  actor: string;
  details: unknown;
}) => csvLine([e.id, e.ts, e.action, e.actor, JSON.stringify(e.details ?? null)]);

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The download's name: the action and actor when filtered, then the range (`start` for an open
 * start, the export's day for an open end), e.g. `audit_ml.score_2026-11-01_to_2026-11-30.csv`.
 * Only [A-Za-z0-9._-] reach the name.
 */
export function auditCsvFileName(
  filter: { action?: string; actor?: string; from?: Date; since?: Date; to?: Date },
  exportedAt: Date,
): string {
  const start = [filter.from, filter.since]
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const parts = ['audit', filter.action, filter.actor].filter((p): p is string => Boolean(p));
  const range = `${start ? day(start) : 'start'}_to_${day(filter.to ?? exportedAt)}`;
  return `${[...parts, range].join('_').replace(/[^A-Za-z0-9._-]/g, '-')}.csv`;
}
