// Which stretch of the SLO rollups a timechart shows and in what steps: a relative preset
// (the last 1 h … 90 d) or an absolute from/to of at most 90 days.

export const SLO_PRESETS = ['1h', '6h', '24h', '7d', '30d', '90d'] as const;
export type SloPreset = (typeof SLO_PRESETS)[number];
export const SLO_RANGES = [...SLO_PRESETS, 'custom'] as const;
export type SloRange = (typeof SLO_RANGES)[number];

/** The longest absolute range a chart reads (hourly rollups: ≤ 2,160 rows). */
export const MAX_CUSTOM_DAYS = 90;

const PRESETS: Record<SloPreset, { minutes: number; stepMinutes: number }> = {
  '1h': { minutes: 60, stepMinutes: 1 },
  '6h': { minutes: 360, stepMinutes: 5 },
  '24h': { minutes: 1440, stepMinutes: 15 },
  '7d': { minutes: 7 * 1440, stepMinutes: 60 },
  '30d': { minutes: 30 * 1440, stepMinutes: 360 },
  '90d': { minutes: 90 * 1440, stepMinutes: 720 },
};

/** Steps an absolute range may use, finest first: at most ~200 points a chart. */
const STEPS = [1, 5, 15, 60, 180, 360, 720, 1440];
const MAX_POINTS = 200;

export interface ChartWindow {
  from: Date;
  to: Date;
  stepMinutes: number;
  /** Steps under an hour read the minute rollups; others the hourly ones. */
  table: 'minutes' | 'hours';
}

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;
const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;

/**
 * The window of a preset ending at the step after `now`, or of an absolute [from, to] widened
 * to whole steps. `minuteMs` is the SLO clock's minute (compressed in rehearsals).
 */
export function chartWindow(
  range: SloRange,
  now: Date,
  minuteMs: number,
  custom?: { from: Date; to: Date },
): ChartWindow {
  if (range === 'custom') {
    if (!custom) throw new RangeError('a custom range needs from and to');
    const span = custom.to.getTime() - custom.from.getTime();
    if (!(span > 0)) throw new RangeError('to must be after from');
    if (span > MAX_CUSTOM_DAYS * 1440 * minuteMs)
      throw new RangeError(`at most ${MAX_CUSTOM_DAYS} days`);
    const stepMinutes =
      STEPS.find((s) => span / (s * minuteMs) <= MAX_POINTS) ?? STEPS[STEPS.length - 1]!;
    const step = stepMinutes * minuteMs;
    return {
      from: new Date(floorTo(custom.from.getTime(), step)),
      to: new Date(ceilTo(custom.to.getTime(), step)),
      stepMinutes,
      table: stepMinutes < 60 ? 'minutes' : 'hours',
    };
  }
  const { minutes, stepMinutes } = PRESETS[range];
  const step = stepMinutes * minuteMs;
  // As before for the day ranges: the window ends at the next whole hour (step) after now.
  const to = ceilTo(now.getTime(), Math.min(step, 60 * minuteMs));
  return {
    from: new Date(to - minutes * minuteMs),
    to: new Date(to),
    stepMinutes,
    table: stepMinutes < 60 ? 'minutes' : 'hours',
  };
}
