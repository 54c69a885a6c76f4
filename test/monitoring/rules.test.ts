import { describe, expect, it } from 'vitest';
import { GATE_BANDS } from '@/lib/domain/guardrails';
import { ERROR_BUDGETS, type SloName } from '@/lib/domain/slo/burn';
import { metrics } from '@/lib/http/prometheus';
import { prometheusTool, run } from '../support/prometheusTools';
import {
  ALERTS_FILE,
  ALERTS_TEST_FILES,
  exportedSeriesNames,
  metricNames,
  recordedNames,
  rules,
} from './promql';

const promtool = prometheusTool('promtool');

describe.skipIf(!promtool)('the alert rules under promtool', () => {
  it('pass `promtool check rules`', () => {
    const { code, output } = run(promtool!, ['check', 'rules', ALERTS_FILE]);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(code, output).toBe(0);
  });

  it('fire, and stay quiet, on the synthetic series of `promtool test rules`', () => {
    const { code, output } = run(promtool!, ['test', 'rules', ...ALERTS_TEST_FILES]);
    expect(code, output).toBe(0);
    expect(output.match(/SUCCESS/g)).toHaveLength(ALERTS_TEST_FILES.length);
  }, 180_000);
});

describe('the alert rules against the product', () => {
  it('burn at the SRE workbook rates against the error budgets of the Guardrails page', () => {
    const burnAlerts = rules().filter((r) => r.alert && r.labels?.slo);
    expect(burnAlerts.map((r) => `${r.labels!.slo} ${r.labels!.severity}`).sort()).toEqual([
      'availability critical',
      'availability warning',
      'latency critical',
      'latency warning',
    ]);
    for (const rule of burnAlerts) {
      const budget = ERROR_BUDGETS[rule.labels!.slo as SloName];
      const thresholds = [...rule.expr.matchAll(/\(([\d.]+) \* ([\d.]+)\)/g)].map((m) => ({
        burn: Number(m[1]),
        budget: Number(m[2]),
      }));
      // Two windows per burn rate (long and short), each at the same threshold.
      const expected =
        rule.labels!.severity === 'critical'
          ? [14.4, 14.4, 6, 6].map((burn) => ({ burn, budget }))
          : [1, 1].map((burn) => ({ burn, budget }));
      expect(thresholds, rule.alert).toEqual(expected);
    }
  });

  it('count a request as slow above the p95 gate, a bound of the latency histogram', async () => {
    const edge = GATE_BANDS.p95.pass / 1000;
    const slow = rules().filter((r) => r.record?.startsWith('fusion:score_slow_ratio:'));
    expect(slow).toHaveLength(5);
    for (const rule of slow) expect(rule.expr).toContain(`le="${edge}"`);
    const { values } = await metrics().latency.get();
    expect(values.map((v) => v.labels.le)).toContain(edge);
  });

  it('judge feed staleness with the gate bands', () => {
    const byName = new Map(rules().map((r) => [r.alert, r]));
    const { pass, warn } = GATE_BANDS.staleness;
    expect(byName.get('FusionFeedStale')!.expr).toMatch(new RegExp(`\\) > ${warn}$`));
    expect(byName.get('FusionFeedLagging')!.expr).toMatch(
      new RegExp(`\\) > ${pass}\\) <= ${warn}$`),
    );
  });

  it('name only series the app exports or the file records', async () => {
    const known = new Set([...exportedSeriesNames(), ...recordedNames()]);
    const unknown = rules().flatMap((r) =>
      metricNames(r.expr)
        .filter((name) => !known.has(name))
        .map((name) => `${r.alert ?? r.record}: ${name}`),
    );
    expect(unknown).toEqual([]);
    // Every alert has a severity Alertmanager can route on, and words for whoever it wakes.
    for (const rule of rules().filter((r) => r.alert)) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });
});
