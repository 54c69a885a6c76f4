// How numbers and moments read anywhere in the panel ("—" for a missing value).

export const formatMs = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);
export const formatSeconds = (v: number | null) => (v === null ? '—' : `${Math.round(v)} s`);
/** A fraction (0.02) as a percentage (2.00 %). */
export const formatPercent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)} %`);

/** A number rounded to at most `digits` decimals, grouped as the viewer's locale groups it. */
export const formatNumber = (v: number | null, digits = 2) =>
  v === null ? '—' : v.toLocaleString(undefined, { maximumFractionDigits: digits });

/**
 * The zone every moment is shown in, as the viewer chose it (components/ui/TimeZoneProvider):
 * UTC (the default), the browser's own zone, or the exchange's zone where a view is about one
 * symbol (elsewhere, with no exchange at hand, UTC).
 */
export const ZONE_CHOICES = ['utc', 'local', 'exchange'] as const;
export type ZoneChoice = (typeof ZONE_CHOICES)[number];
export const ZONE_LABELS: Record<ZoneChoice, string> = {
  utc: 'UTC',
  local: 'Local',
  exchange: 'Exchange',
};
export const isZoneChoice = (v: unknown): v is ZoneChoice =>
  typeof v === 'string' && (ZONE_CHOICES as readonly string[]).includes(v);

let zoneChoice: ZoneChoice = 'utc';
/** The viewer's choice; set by the provider before anything below it renders. */
export const currentZoneChoice = () => zoneChoice;
export function setZoneChoice(choice: ZoneChoice) {
  zoneChoice = choice;
}

/**
 * The IANA zone a moment is shown in: `undefined` is the browser's own (local). A fixed zone
 * (a weekly series cut at UTC midnights) is never overridden.
 */
export function resolveZone(
  choice: ZoneChoice,
  exchangeZone?: string,
  fixedZone?: string,
): string | undefined {
  if (fixedZone) return fixedZone;
  if (choice === 'local') return undefined;
  if (choice === 'exchange' && exchangeZone) return exchangeZone;
  return 'UTC';
}

/** The zone a chart or table says it is in ("UTC", "America/New_York", "local (Europe/Paris)"). */
export function zoneName(zone: string | undefined): string {
  if (zone) return zone;
  return `local (${Intl.DateTimeFormat().resolvedOptions().timeZone})`;
}

/** A moment with its date, time and zone in a given zone (pure: the tests' entry point). */
export function formatInstant(iso: string | Date | null, zone: string | undefined): string {
  if (iso === null) return '—';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long', timeZone: zone });
}

/** A day (a daily candle, a calendar date) with its zone: "Apr 17, 2020 (America/New_York)". */
export function formatDayIn(iso: string | Date | null, zone: string | undefined): string {
  if (iso === null) return '—';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: zone })} (${zone ?? 'local'})`;
}

/**
 * A moment as a person reads it: date, time and zone ("Nov 24, 2026, 6:07:08 AM UTC"), in the
 * zone the viewer chose; `exchangeZone` is the symbol's exchange, used when they chose it.
 */
export const formatTime = (iso: string | null, exchangeZone?: string) =>
  formatInstant(iso, resolveZone(zoneChoice, exchangeZone));

/** A day in the viewer's chosen zone, labelled. */
export const formatDay = (iso: string | null, exchangeZone?: string) =>
  formatDayIn(iso, resolveZone(zoneChoice, exchangeZone));

/** "12 s ago", "3 min ago", "2 h ago": how old a reading is (for "updated … ago"). */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}
