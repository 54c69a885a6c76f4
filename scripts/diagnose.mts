// npm run diagnose [-- --json]
// Automation, leader, predictions, outcomes, calibration, queues, feeds and SLOs at a glance.
// Exit code 2 on a critical problem, so cron or a monitor can act on it.
import { openDatabase } from '../lib/runtime/database';

const json = process.argv.includes('--json');
const database = await openDatabase();
let exitCode = 0;
try {
  const { diagnose } = await import('@/lib/queries/diagnose');
  const report = await diagnose();
  exitCode = report.severity === 'critical' ? 2 : 0;
  if (json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const a = report.automation;
    console.log(
      `automation   ${a.running ? 'RUNNING' : 'NOT RUNNING'} (desired ${a.desired}), leader ${a.leader?.instance ?? 'none'}`,
    );
    console.log(
      `cycles       ${a.cycleCount} done, last ${a.lastCycleAt?.toISOString() ?? 'never'}, next ${a.nextCycleAt?.toISOString() ?? '-'}`,
    );
    console.log(
      `predictions  ${report.predictions.lastTenMinutes} in the last 10 min; empty output: ${report.predictions.emptyOutput.join(', ') || 'none'}`,
    );
    const c = report.predictions.lastCycle;
    console.log(
      c
        ? `last cycle   ${c.slot.toISOString()}: ${c.outcome === 'no-new-candle' ? 'no new candle (nothing to predict)' : c.outcome}; ` +
            `${c.predictions} predictions, ${c.scored} series scored, ${c.unchanged} without a new candle, ${c.empty} empty`
        : 'last cycle   none finished',
    );
    console.log(
      `outcomes     ${report.outcomes.pending} pending, ${report.outcomes.matured} matured, ${report.outcomes.notYetDue} not yet due, ` +
        `${report.outcomes.unresolvable} unresolvable (backfilled, maturing after the last candle)`,
    );
    for (const c of report.calibration) {
      console.log(
        `calibration  ${c.modelId} ${c.tfFamily} ${c.horizon}: ${c.status}, n_pairs ${c.nPairs}, used_prev ${c.usedPrev}, checksum ${c.checksumOk === null ? 'n/a' : c.checksumOk ? 'ok' : 'FAILED'}`,
      );
    }
    if (report.calibration.length === 0) console.log('calibration  never ran');
    for (const q of report.queues) console.log(`queue        ${q.name} ${q.state}: ${q.count}`);
    for (const f of report.feeds)
      console.log(`feed         ${f.symbol} ${f.tf}: staleness ${f.staleness.toFixed(0)} s`);
    console.log(
      `slo          ${report.slo.status}: p95 ${report.slo.p95 ?? '-'} ms, errors ${report.slo.err ?? '-'}, staleness ${report.slo.staleness?.toFixed(0) ?? '-'} s`,
    );
    for (const f of report.findings)
      console.log(`${f.severity.toUpperCase().padEnd(12)} ${f.check}: ${f.message}`);
    console.log(`overall      ${report.severity}`);
  }
} finally {
  const { pool } = await import('../lib/db/client');
  await pool().end();
  await database.release();
}
process.exit(exitCode);
