import { readFileSync } from 'node:fs';
import { Histogram } from 'prom-client';
import { parse } from 'yaml';
import { metrics } from '@/lib/http/prometheus';

export const ALERTS_FILE = 'deploy/prometheus/alerts.yml';
export const ALERTS_TEST_FILES = [
  'deploy/prometheus/alerts.test.yml',
  'deploy/prometheus/alerts.days.test.yml',
];
export const DASHBOARD_FILE = 'deploy/grafana/fusion-ops.json';

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function ruleFile(): { groups: { name: string; rules: Rule[] }[] } {
  return parse(readFileSync(ALERTS_FILE, 'utf8'));
}

export const rules = (): Rule[] => ruleFile().groups.flatMap((g) => g.rules);

export interface DashboardTarget {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
  [key: string]: unknown;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: DashboardTarget[];
  [key: string]: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dashboard model is Grafana's
export const dashboard = (): { panels: DashboardPanel[]; [key: string]: any } =>
  JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'));

/** Every query of the dashboard, named after its panel. */
export const dashboardQueries = () =>
  dashboard().panels.flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({ panel: panel.title, refId: t.refId, expr: t.expr })),
  );

/**
 * A query as Grafana sends it to Prometheus: its interval variables replaced by durations
 * (Grafana computes them from the time range and the scrape interval).
 */
export const asSentByGrafana = (expr: string): string =>
  expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__interval', '30s')
    .replaceAll('$__range', '6h');

/** Metric names an expression selects (ours, the process collectors', recording rules'). */
export const metricNames = (expr: string): string[] => [
  ...new Set(expr.match(/\b(?:fusion:[a-z0-9_:]+|(?:fusion|process|nodejs)_[a-z0-9_]+)\b/g) ?? []),
];

/** Series names the app's registry exposes: families, and the parts of each histogram. */
export function exportedSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const family of metrics().registry.getMetricsAsArray()) {
    const { name } = family;
    if (family instanceof Histogram) {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    } else names.add(name);
  }
  return names;
}

/** Names the rules file records, so expressions may use them. */
export const recordedNames = (): Set<string> =>
  new Set(rules().flatMap((r) => (r.record ? [r.record] : [])));
