// How numbers and moments read anywhere in the panel ("—" for a missing value).

export const formatMs = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);
export const formatSeconds = (v: number | null) => (v === null ? '—' : `${Math.round(v)} s`);
/** A fraction (0.02) as a percentage (2.00 %). */
export const formatPercent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)} %`);

/** A number rounded to at most `digits` decimals, grouped as the viewer's locale groups it. */
export const formatNumber = (v: number | null, digits = 2) =>
  v === null ? '—' : v.toLocaleString(undefined, { maximumFractionDigits: digits });

/**
 * A moment as a person reads it: date, time and zone ("11/24/26, 6:07:08 AM UTC"), in the
 * viewer's zone unless one is given (an exchange's, say).
 */
export const formatTime = (iso: string | null, timeZone?: string) =>
  iso
    ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'long', timeZone })
    : '—';
