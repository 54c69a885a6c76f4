'use client';

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { CalibrationItem } from '@/lib/contracts/calibration';
import { CHART_THEME } from '@/components/ui/chartTheme';
import { formatPercent } from '@/components/ui/format';

type Bucket = CalibrationItem['buckets'][number];
interface Point {
  x: number;
  y: number;
  n: number;
  bucket: string;
  withinBand: boolean;
}

/** The axes' lower end: 0.5, or the tenth below the lowest value when one is lower. */
const lowerEnd = (values: number[]) => Math.min(0.5, Math.floor(Math.min(...values, 1) * 10) / 10);

function BucketDot(props: { cx?: number; cy?: number; size?: number; payload?: Point }) {
  const { cx = 0, cy = 0, size = 64, payload } = props;
  const r = Math.max(3, Math.sqrt(size / Math.PI));
  const outside = payload && !payload.withinBand;
  const color = outside ? CHART_THEME.danger : CHART_THEME.palette[0];
  return (
    <g data-bucket={payload?.bucket} data-outside={outside ? 'true' : 'false'}>
      <circle cx={cx} cy={cy} r={r} fill={color} fillOpacity={0.55} stroke={color} />
      {outside && (
        // The marker of a bucket outside the band: a cross through the point.
        <path
          d={`M${cx - r - 3},${cy - r - 3}L${cx + r + 3},${cy + r + 3}M${cx - r - 3},${cy + r + 3}L${cx + r + 3},${cy - r - 3}`}
          stroke={CHART_THEME.danger}
          strokeWidth={2}
        />
      )}
    </g>
  );
}

function DiagramTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: { payload?: unknown }[];
}) {
  const point = payload?.find((p) => (p.payload as Point | undefined)?.bucket)?.payload as
    Point | undefined;
  if (!active || !point) return null;
  return (
    <div
      style={{
        background: CHART_THEME.tooltipBackground,
        border: `1px solid ${CHART_THEME.tooltipBorder}`,
        padding: '0.4rem 0.6rem',
      }}
    >
      <strong>bucket {point.bucket}</strong>
      <div>mean confidence {formatPercent(point.x)}</div>
      <div>hit rate {formatPercent(point.y)}</div>
      <div>{point.n.toLocaleString()} pairs</div>
      <div style={{ color: point.withinBand ? CHART_THEME.palette[2] : CHART_THEME.danger }}>
        {point.withinBand ? 'within' : 'outside'} the ±5 % band
      </div>
    </div>
  );
}

/**
 * Mean confidence (x) against observed hit rate (y) per bucket: the diagonal is perfect
 * calibration, the shaded band ±5 % around it; a point's area is its pair count, and a bucket
 * outside the band is red with a cross.
 */
export function ReliabilityDiagram({
  buckets,
  band,
  testId,
}: {
  buckets: readonly Bucket[];
  band: number;
  testId?: string;
}) {
  const points: Point[] = buckets.flatMap((b) =>
    b.meanConfid === null || b.hitRate === null
      ? []
      : [{ x: b.meanConfid, y: b.hitRate, n: b.n, bucket: b.bucket, withinBand: !!b.withinBand }],
  );
  const lo = lowerEnd(points.flatMap((p) => [p.x, p.y]));
  const diagonal = [lo, 1].map((x) => ({ x, diag: x, band: [x - band, x + band] }));
  const ticks = Array.from({ length: Math.round((1 - lo) * 10) + 1 }, (_, i) => lo + i / 10);
  return (
    <div style={{ width: '100%', height: 300 }} data-testid={testId}>
      <ResponsiveContainer>
        <ComposedChart data={diagonal} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid stroke={CHART_THEME.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[lo, 1]}
            ticks={ticks}
            tickFormatter={(v: number) => v.toFixed(1)}
            stroke={CHART_THEME.axis}
            label={{
              value: 'mean confidence',
              position: 'insideBottom',
              offset: -12,
              fill: CHART_THEME.axis,
            }}
          />
          <YAxis
            type="number"
            domain={[lo, 1]}
            ticks={ticks}
            allowDataOverflow
            tickFormatter={(v: number) => v.toFixed(1)}
            stroke={CHART_THEME.axis}
            width={48}
            label={{
              value: 'hit rate',
              angle: -90,
              position: 'insideLeft',
              fill: CHART_THEME.axis,
            }}
          />
          <ZAxis type="number" dataKey="n" range={[40, 600]} />
          <Area
            dataKey="band"
            stroke="none"
            fill={CHART_THEME.palette[2]}
            fillOpacity={0.15}
            isAnimationActive={false}
            activeDot={false}
            name="±5 % band"
          />
          <Line
            dataKey="diag"
            stroke={CHART_THEME.axis}
            strokeDasharray="4 4"
            dot={false}
            activeDot={false}
            isAnimationActive={false}
            name="perfect calibration"
          />
          <Scatter
            data={points}
            dataKey="y"
            name="buckets"
            shape={BucketDot}
            isAnimationActive={false}
          />
          <Tooltip content={<DiagramTooltip />} cursor={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
