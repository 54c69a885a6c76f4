import { z } from 'zod';
import { storedSloDailyReport, sloDailyReport } from '@/lib/contracts/reports';
import {
  buildSloDailyReport,
  dayRange,
  dayText,
  MAX_REPORT_ROWS,
  modelsActiveDuring,
  reportDayProblem,
  sloDailyReportCsv,
  type SloDailyReport,
} from '@/lib/domain/sloDailyReport';
import { isRolloutStage } from '@/lib/domain/rollout';
import { breachesOfRange } from '@/lib/db/breaches';
import { findActiveModel, modelActivations } from '@/lib/db/models';
import { daySums } from '@/lib/db/outcomeStats';
import { readRollout, stageChangesOfRange } from '@/lib/db/rollout';
import { decisionsByMode } from '@/lib/db/scoreEvents';
import { firstRolledMinute, minutesBetween } from '@/lib/db/slo';
import {
  findSloDailyReport,
  listSloDailyReports,
  upsertSloDailyReport,
  type StoredReportRow,
} from '@/lib/db/sloDailyReports';
import { sloMinuteMs } from '@/lib/jobs/sloGuard';

/** Why `day` cannot be reported as of `now`, or null (a day not over, or before the data). */
export async function dayProblem(day: string, now: Date): Promise<string | null> {
  const first = await firstRolledMinute();
  return reportDayProblem(day, now, first ? dayText(first) : null);
}

/** Reads every row a day's report is made of (each read bounded: one day, by index). */
export async function computeSloDailyReport(day: string, builtAt: Date): Promise<SloDailyReport> {
  const { from, to } = dayRange(day);
  const [rollups, stages, breaches, decisions, rollout, versions, active] = await Promise.all([
    minutesBetween(from, to),
    stageChangesOfRange(from, to, MAX_REPORT_ROWS),
    breachesOfRange(from, to, MAX_REPORT_ROWS),
    decisionsByMode(from, to),
    readRollout(),
    modelActivations(),
    findActiveModel(),
  ]);
  const models = modelsActiveDuring(versions, from, to, active?.id ?? null);
  return buildSloDailyReport({
    day,
    builtAt,
    minuteMs: sloMinuteMs(),
    rollups,
    stageBefore: stages.before,
    stageChanges: stages.items,
    stageChangeCount: stages.count,
    currentStage: isRolloutStage(rollout.stage) ? rollout.stage : 'off',
    breaches: breaches.items,
    breachCount: breaches.count,
    decisions,
    models,
    qualitySums: await daySums(day, models),
  });
}

const decodeStored = (row: StoredReportRow) =>
  z.decode(storedSloDailyReport, {
    day: row.day,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    report: row.report as z.input<typeof sloDailyReport>,
  });

/**
 * Builds the day's report and stores it, replacing an earlier build (idempotent: the same rows
 * give the same report). An operator's build is audited in the same transaction.
 */
export async function buildAndStoreSloDailyReport(input: {
  day: string;
  now: Date;
  createdBy: string;
  audited: boolean;
}) {
  const report = await computeSloDailyReport(input.day, input.now);
  const saved = await upsertSloDailyReport(
    {
      day: input.day,
      report: z.encode(sloDailyReport, report),
      version: report.version,
      createdAt: input.now,
      createdBy: input.createdBy,
    },
    input.audited
      ? {
          action: 'report.slo_daily',
          actor: input.createdBy,
          details: {
            day: input.day,
            worst: report.worst,
            requests: report.volume.requests,
            breaches: report.breaches.count,
          },
        }
      : undefined,
  );
  return decodeStored(saved);
}

/** A stored report, decoded (Dates as Dates), or null when the day has none. */
export async function storedSloDailyReportOf(day: string) {
  const row = await findSloDailyReport(day);
  return row ? decodeStored(row) : null;
}

/** A stored report as CSV, or null. */
export async function sloDailyReportCsvOf(day: string): Promise<string | null> {
  const stored = await storedSloDailyReportOf(day);
  return stored ? sloDailyReportCsv(stored.report) : null;
}

export const sloDailyReportPage = listSloDailyReports;
