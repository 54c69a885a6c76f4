'use client';

import { useId, useState } from 'react';
import { FilterSelect } from './FilterSelect';
import { formatTime } from './format';

export interface RangeValue {
  /** A relative preset ('24h', '7d' …) or 'custom' (an absolute from / to). */
  period: string;
  /** ISO instants of a custom range. */
  from?: string;
  to?: string;
}

const PRESET_LABELS: Record<string, string> = {
  '1h': 'last 1 h',
  '6h': 'last 6 h',
  '24h': 'last 24 h',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
  '90d': 'last 90 days',
  '365d': 'last 365 days',
};

/** A datetime-local value ("2026-11-01T10:00") read as UTC, or null. */
export function utcInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const t = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace('.000Z', 'Z');
}

/** An ISO instant as a UTC datetime-local value ("2026-11-01T10:00"). */
export function isoToUtcInput(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t).toISOString().slice(0, 16);
}

/** Whether an absolute range is usable: both ends, to after from, at most `maxDays` long. */
export function checkCustomRange(from: string | null, to: string | null, maxDays: number) {
  if (!from || !to) return 'Give both From and To.';
  const span = Date.parse(to) - Date.parse(from);
  if (!(span > 0)) return 'To must be after From.';
  if (span > maxDays * 86_400_000) return `At most ${maxDays} days.`;
  return null;
}

/**
 * A Grafana-style time range: relative presets (last 1 h … 90 days) or an absolute From / To in
 * UTC. The caller keeps the value in the URL (useListParams).
 */
export function RangePicker({
  value,
  presets,
  onChange,
  maxDays = 90,
  label = 'Period',
}: {
  value: RangeValue;
  presets: readonly string[];
  onChange: (next: RangeValue) => void;
  maxDays?: number;
  label?: string;
}) {
  const id = useId();
  const custom = value.period === 'custom';
  const [from, setFrom] = useState(isoToUtcInput(value.from));
  const [to, setTo] = useState(isoToUtcInput(value.to));
  const problem = checkCustomRange(utcInputToIso(from), utcInputToIso(to), maxDays);
  const options = [
    ...presets.map((p) => ({ value: p, label: PRESET_LABELS[p] ?? p })),
    { value: 'custom', label: 'absolute (from – to)' },
  ];

  return (
    <div className="row" role="group" aria-label="Time range">
      <FilterSelect
        label={label}
        value={value.period}
        options={options}
        onChange={(period) => {
          if (period !== 'custom') onChange({ period });
          else {
            // Start from the range shown: the last 24 h up to now, whole minutes.
            const end = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
            const start = new Date(end.getTime() - 86_400_000);
            setFrom(isoToUtcInput(start.toISOString()));
            setTo(isoToUtcInput(end.toISOString()));
            onChange({ period, from: start.toISOString(), to: end.toISOString() });
          }
        }}
      />
      {custom && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem)
              onChange({
                period: 'custom',
                from: utcInputToIso(from)!,
                to: utcInputToIso(to)!,
              });
          }}
        >
          <label htmlFor={`${id}-from`}>
            From (UTC)
            <input
              id={`${id}-from`}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label htmlFor={`${id}-to`}>
            To (UTC)
            <input
              id={`${id}-to`}
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          </label>
          <label>
            <span aria-hidden="true">&nbsp;</span>
            <button type="submit" disabled={problem !== null} title={problem ?? undefined}>
              Apply
            </button>
          </label>
          {problem && <span className="error">{problem}</span>}
          {!problem && value.from && value.to && (
            <span className="muted">
              showing {formatTime(value.from)} – {formatTime(value.to)}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
