import { previousUtcDayText } from '@/lib/domain/sloDailyReport';
import { hasSloDailyReport } from '@/lib/db/sloDailyReports';
import { logger } from '@/lib/logging/logger';
import { buildAndStoreSloDailyReport, dayProblem } from '@/lib/queries/sloDailyReport';
import { enqueue } from './queue';

const log = logger('jobs');

/** Actor of the reports the daily job builds. */
export const DAILY_REPORT_ACTOR = 'daily-job';

/**
 * How long after midnight UTC the leader queues the previous day's report: the last minute's
 * rollup is written within a minute of its end (the SLO guard's tick), so five leave room.
 */
export const DAILY_REPORT_DELAY_MS = 5 * 60_000;

/** The `slo-daily-report` job: builds and stores the day's report (an upsert: a rerun replaces it). */
export async function runSloDailyReport(day: string, now = new Date()) {
  const stored = await buildAndStoreSloDailyReport({
    day,
    now,
    createdBy: DAILY_REPORT_ACTOR,
    audited: false,
  });
  log.info({ day, worst: stored.report.worst }, `SLO report of ${day} stored`);
  return { day, worst: stored.report.worst, requests: stored.report.volume.requests };
}

/**
 * The leader's part, checked at most once a minute: once the previous UTC day is five minutes
 * over, queue its report unless it is stored already or the day precedes the SLO data (one job per day: the singleton key keeps
 * one waiting, and a stored report is never queued again; a restart or a new leader asks the
 * table, so nothing is built twice a day by the schedule). `SLO_DAILY_REPORT=0` turns it off.
 */
export class SloReportScheduler {
  private lastCheck = 0;
  private done = '';

  async tick(now: Date): Promise<void> {
    if (process.env.SLO_DAILY_REPORT === '0') return;
    if (now.getTime() - this.lastCheck < 60_000) return;
    this.lastCheck = now.getTime();
    const day = previousUtcDayText(new Date(now.getTime() - DAILY_REPORT_DELAY_MS));
    if (this.done === day) return;
    // A day before any SLO data (a fresh install's yesterday) has nothing to report.
    if (!(await hasSloDailyReport(day)) && (await dayProblem(day, now)) === null)
      await enqueue('slo-daily-report', { day }, `slo-daily-report:${day}`);
    this.done = day;
  }
}
