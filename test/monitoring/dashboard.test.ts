import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { metrics } from '@/lib/http/prometheus';
import { prometheusTool, run } from '../support/prometheusTools';
import {
  asSentByGrafana,
  dashboard,
  dashboardQueries,
  exportedSeriesNames,
  metricNames,
  recordedNames,
} from './promql';

// Grafana cannot run here. The dashboard is checked for what Grafana needs to import it (this
// file), every query is parsed by Prometheus's own parser (promtool, below), names only series
// the app exports, and test/integration/metrics.test.ts runs every query against a real
// Prometheus that scraped a running app.

const PANEL_TYPES = new Set(['row', 'timeseries', 'stat', 'bargauge', 'table']);
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

describe('the Grafana dashboard', () => {
  it('is importable: a uid, a schema version and a Prometheus data source chosen at import', () => {
    const d = dashboard();
    expect(d.uid).toBe('fusion-ops');
    expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(d.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
  });

  it('lays out typed panels with unique ids on the 24-column grid, none overlapping', () => {
    const panels = dashboard().panels;
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect(PANEL_TYPES, p.title).toContain(p.type);
      const { x, y, w, h } = p.gridPos;
      expect(x >= 0 && w > 0 && h > 0 && y >= 0 && x + w <= 24, p.title).toBe(true);
    }
    const overlaps = panels.flatMap((a, i) =>
      panels
        .slice(i + 1)
        .filter(
          (b) =>
            a.gridPos.x < b.gridPos.x + b.gridPos.w &&
            b.gridPos.x < a.gridPos.x + a.gridPos.w &&
            a.gridPos.y < b.gridPos.y + b.gridPos.h &&
            b.gridPos.y < a.gridPos.y + a.gridPos.h,
        )
        .map((b) => `${a.title} / ${b.title}`),
    );
    expect(overlaps).toEqual([]);
  });

  it('queries the chosen data source from every panel, each query with its own refId', () => {
    for (const p of dashboard().panels.filter((p) => p.type !== 'row')) {
      expect(p.datasource, p.title).toEqual(DATASOURCE);
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      expect(new Set(p.targets!.map((t) => t.refId)).size, p.title).toBe(p.targets!.length);
      for (const t of p.targets!) {
        expect(t.datasource, p.title).toEqual(DATASOURCE);
        expect(t.expr.trim(), p.title).not.toBe('');
      }
    }
  });

  it('shows the go-live card with its thresholds (SPEC §5)', () => {
    const steps = (title: string) => {
      const panel = dashboard().panels.find((p) => p.title === title)!;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Grafana's field config
      return (panel.fieldConfig as any).defaults.thresholds.steps.map((s: any) => s.value);
    };
    expect(steps('p95 latency of score requests')).toEqual([null, 1, 1.5]);
    expect(steps('Error rate of score requests')).toEqual([null, 0.01, 0.02]);
    expect(steps('Live feed staleness')).toEqual([null, 30, 60]);
    expect(steps('Score rate')).toEqual([null, 10]);
  });

  it('names only series the app exports', async () => {
    const known = new Set([...exportedSeriesNames(), ...recordedNames()]);
    const unknown = dashboardQueries().flatMap((q) =>
      metricNames(q.expr)
        .filter((name) => !known.has(name))
        .map((name) => `${q.panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
    // And shows every family of the loop (a histogram through its buckets).
    const shown = new Set(
      dashboardQueries().flatMap((q) => metricNames(q.expr).map((n) => n.replace(/_bucket$/, ''))),
    );
    const loopFamilies = (await metrics().registry.getMetricsAsJSON())
      .map((f) => f.name)
      .filter((n) => /^fusion_(automation|cycle|job|outcomes|calibration|queue|slo)_/.test(n));
    expect(loopFamilies.filter((n) => !shown.has(n))).toEqual([]);
  });

  const promtool = prometheusTool('promtool');
  it.skipIf(!promtool)('sends only PromQL that Prometheus parses (promtool check rules)', () => {
    // Each query as a recording rule: promtool parses every expression with Prometheus's parser.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fusion-dashboard-'));
    try {
      const file = path.join(dir, 'dashboard-queries.yml');
      const queries = dashboardQueries();
      writeFileSync(
        file,
        stringify({
          groups: [
            {
              name: 'dashboard',
              rules: queries.map((q, i) => ({
                record: `dashboard:query_${i}`,
                expr: asSentByGrafana(q.expr),
              })),
            },
          ],
        }),
      );
      const { code, output } = run(promtool!, ['check', 'rules', file]);
      expect(code, output).toBe(0);
      expect(output).toContain(`SUCCESS: ${queries.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
