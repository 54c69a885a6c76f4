// npm run diagnose [-- --json]
// Automation, leader, predictions, outcomes, calibration, queues, feeds and SLOs at a glance.
// Exit code 2 on a critical problem, so cron or a monitor can act on it.
import { SKILL_INTERVAL_METHOD } from '../lib/domain/skill';
import { openDatabase } from '../lib/runtime/database';

type Report = Awaited<ReturnType<typeof import('@/lib/queries/diagnose').diagnose>>;

const json = process.argv.includes('--json');

const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)} %`);
const ratio = (x: number | null | undefined) =>
  x == null ? '—' : `${x < 0 ? '−' : ''}${Math.abs(x).toFixed(2)}`;
const signed = (x: number, scale: number, digits: number) =>
  `${x >= 0 ? '+' : '−'}${Math.abs(x * scale).toFixed(digits)}`;
const LABELS: Record<string, string> = {
  alwaysLong: 'always long',
  alwaysShort: 'always short',
  momentum: 'momentum',
  coinFlip: 'coin flip',
  previousModel: 'previous version',
};

/** Columns padded to their widest cell, each line prefixed like the rest of the report. */
function printTable(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(`skill        ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

/** Model against its baselines per horizon, hit rate and IR, with the skill intervals. */
function printSkill(rows: Report['skill']) {
  if (rows.length === 0) {
    console.log('skill        no metrics yet');
    return;
  }
  const skill = (
    f:
      | { against: string; value: number; interval: { low: number; high: number } | null }
      | null
      | undefined,
    scale: number,
    digits: number,
  ) =>
    f
      ? `${signed(f.value, scale, digits)} vs ${LABELS[f.against]} ` +
        (f.interval
          ? `[${signed(f.interval.low, scale, digits)}, ${signed(f.interval.high, scale, digits)}]`
          : '[too few periods]')
      : '—';
  console.log(
    `skill        model vs baselines over all matured decisions; 95 % CI: ${SKILL_INTERVAL_METHOD}`,
  );
  printTable([
    [
      'model',
      'horizon',
      'n',
      'hit',
      'long',
      'short',
      'momentum',
      'coin (range)',
      'previous',
      'hit skill, pts',
    ],
    ...rows.map((m) => {
      const b = m.baselines;
      const coin = b?.coinFlip.interval;
      return [
        m.model,
        m.horizon,
        String(m.nDecisions),
        pct(m.hitRate),
        pct(b?.alwaysLong.hitRate),
        pct(b?.alwaysShort.hitRate),
        pct(b?.momentum.hitRate),
        `${pct(b?.coinFlip.hitRate)}${coin ? ` (${pct(coin.low)} … ${pct(coin.high)})` : ''}`,
        pct(b?.previousModel?.hitRate),
        skill(m.skill?.hitRate, 100, 1),
      ];
    }),
  ]);
  printTable([
    ['model', 'horizon', 'IR', 'long', 'short', 'momentum', 'previous', 'IR skill', 'Brier skill'],
    ...rows.map((m) => {
      const b = m.baselines;
      return [
        m.model,
        m.horizon,
        ratio(m.ir),
        ratio(b?.alwaysLong.ir),
        ratio(b?.alwaysShort.ir),
        ratio(b?.momentum.ir),
        ratio(b?.previousModel?.ir),
        skill(m.skill?.ir, 1, 2),
        ratio(m.skill?.brierSkillScore),
      ];
    }),
  ]);
}

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
    for (const step of report.chain.steps) {
      console.log(
        `chain        ${step.label.padEnd(12)} ${step.state.toUpperCase().padEnd(8)} ` +
          `${step.reason ?? `waits for ${step.waitsFor}`}`,
      );
    }
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
    printSkill(report.skill);
    for (const q of report.queues) console.log(`queue        ${q.name} ${q.state}: ${q.count}`);
    for (const f of report.feeds)
      console.log(`feed         ${f.symbol} ${f.tf}: staleness ${f.staleness.toFixed(0)} s`);
    console.log(
      `slo          ${report.slo.status}: p95 ${report.slo.p95?.toFixed(0) ?? '-'} ms, errors ${report.slo.err === null ? '-' : `${(report.slo.err * 100).toFixed(2)} %`}, staleness ${report.slo.staleness?.toFixed(0) ?? '-'} s`,
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
