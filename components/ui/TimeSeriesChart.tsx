'use client';

import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type DotItemDotProps,
} from 'recharts';
import { currentZoneChoice, formatInstant, resolveZone, zoneName } from './format';
import { CHART_THEME } from './chartTheme';
import {
  formatTick,
  formatValue,
  isolatedPoints,
  placeMarkers,
  type ChartMarker,
} from './chartData';

export type { ChartMarker } from './chartData';

/** One point in time: `t` an ISO instant, the series' values by key (null: a gap). */
export type TimePoint = { t: string } & Record<string, number | string | null | undefined>;

export interface ChartSeries<P extends TimePoint> {
  key: Exclude<keyof P, 't'> & string;
  name: string;
  /** A colour of its own; else the theme's palette in drawing order. */
  color?: string;
}

export interface Threshold {
  value: number;
  label: string;
  /** Dashed for a warning edge, solid for a failing one. */
  dashed?: boolean;
  color?: string;
}

export interface TimeSeriesChartProps<P extends TimePoint> {
  data: readonly P[];
  series: readonly ChartSeries<P>[];
  /** The values' unit, on the axis and in the tooltip ("ms", "s", "%"). */
  unit?: string;
  /** Decimals the tooltip rounds values to. */
  digits?: number;
  thresholds?: readonly Threshold[];
  /** Moments drawn as vertical lines on the step they fall in (stage changes, breaches). */
  markers?: readonly ChartMarker[];
  /** The exchange's zone of a per-symbol chart: ticks and tooltips use it when the viewer chose it. */
  timeZone?: string;
  /** A zone the data is defined in (weeks cut at UTC midnights): always used, whatever the choice. */
  fixedZone?: string;
  /** Ticks with the time of day (points closer than a day apart). */
  intraday?: boolean;
  /** 'zero': the value axis starts at 0 (rates, latencies); 'auto': it hugs the data (prices). */
  baseline?: 'zero' | 'auto';
  legend?: boolean;
  height?: number;
  testId?: string;
}

/**
 * The one line chart of the panel: time on the x axis (ticks and tooltips in a stated zone),
 * gaps where a value is null, a dot for a value with no neighbour (a line would not show it),
 * threshold lines, tooltips with rounded values and their unit, the panel's theme.
 */
export function TimeSeriesChart<P extends TimePoint>({
  data,
  series,
  unit,
  digits = 2,
  thresholds = [],
  markers = [],
  timeZone,
  fixedZone,
  intraday = true,
  baseline = 'auto',
  legend = false,
  height = 220,
  testId,
}: TimeSeriesChartProps<P>) {
  const isolated = useMemo(
    () =>
      new Map(
        series.map((s) => [s.key, isolatedPoints(data.map((p) => p[s.key] as number | null))]),
      ),
    [data, series],
  );
  const zone =
    resolveZone(currentZoneChoice(), timeZone, fixedZone) ??
    Intl.DateTimeFormat().resolvedOptions().timeZone;
  const placed = useMemo(
    () =>
      placeMarkers(
        data.map((p) => p.t),
        markers,
      ),
    [data, markers],
  );

  return (
    <div
      style={{ width: '100%', height }}
      data-testid={testId}
      data-zone={zoneName(zone)}
      data-markers={placed.length || undefined}
    >
      <ResponsiveContainer>
        <LineChart data={data as P[]} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke={CHART_THEME.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            minTickGap={48}
            stroke={CHART_THEME.axis}
            tickFormatter={(t: string) => formatTick(t, { withTime: intraday, timeZone: zone })}
          />
          <YAxis
            domain={baseline === 'zero' ? [0, 'auto'] : ['auto', 'auto']}
            stroke={CHART_THEME.axis}
            width={unit ? 80 : 64}
            unit={unit ? ` ${unit}` : undefined}
          />
          <Tooltip
            contentStyle={{
              background: CHART_THEME.tooltipBackground,
              border: `1px solid ${CHART_THEME.tooltipBorder}`,
            }}
            labelStyle={{ color: CHART_THEME.text }}
            labelFormatter={(t) => formatInstant(String(t), zone)}
            formatter={(value) => formatValue(value as number | null, digits, unit)}
          />
          {legend && <Legend />}
          {thresholds.map((line) => (
            <ReferenceLine
              key={`${line.label}-${line.value}`}
              y={line.value}
              stroke={line.color ?? CHART_THEME.danger}
              strokeDasharray={line.dashed ? '6 4' : undefined}
              ifOverflow="extendDomain"
              label={{
                value: line.label,
                fill: line.color ?? CHART_THEME.danger,
                position: 'insideTopRight',
              }}
            />
          ))}
          {placed.map((m) => (
            <ReferenceLine
              key={`marker-${m.x}`}
              x={m.x}
              className={`chart-marker chart-marker-${m.tone}`}
              stroke={m.tone === 'danger' ? CHART_THEME.danger : CHART_THEME.warn}
              strokeDasharray="2 3"
              ifOverflow="extendDomain"
              label={{
                value: m.tone === 'danger' ? '▲' : '◆',
                fill: m.tone === 'danger' ? CHART_THEME.danger : CHART_THEME.warn,
                position: 'insideTopLeft',
              }}
            />
          ))}
          {series.map((s, i) => {
            const color = s.color ?? CHART_THEME.palette[i % CHART_THEME.palette.length];
            const lonely = isolated.get(s.key)!;
            return (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.name}
                stroke={color}
                isAnimationActive={false}
                connectNulls={false}
                dot={
                  lonely.size > 0 &&
                  ((props: DotItemDotProps) =>
                    lonely.has(props.index) ? (
                      <circle key={props.index} cx={props.cx} cy={props.cy} r={3} fill={color} />
                    ) : (
                      <g key={props.index} />
                    ))
                }
              />
            );
          })}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
