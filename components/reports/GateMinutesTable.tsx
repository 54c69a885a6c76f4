import type { SloDailyReportWire } from '@/lib/contracts/reports';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatNumber } from '@/components/ui/format';

type Gates = SloDailyReportWire['gates'];
type GateKey = keyof Gates;
type State = keyof Gates['p95'];

const GATES: { key: GateKey; label: string; bands: string }[] = [
  { key: 'p95', label: 'p95 latency', bands: 'pass ≤ 1000 ms, warn ≤ 1500 ms' },
  { key: 'staleness', label: 'Staleness', bands: 'pass ≤ 30 s, warn ≤ 60 s' },
  { key: 'err', label: 'Error rate', bands: 'pass ≤ 1 %, warn ≤ 2 %' },
  { key: 'scoreRate', label: 'Score rate', bands: 'pass ≥ 10 a minute, live stages only' },
];

const STATES: { key: State; label: string; color: string }[] = [
  { key: 'pass', label: 'pass', color: 'var(--ok)' },
  { key: 'warn', label: 'warn', color: 'var(--warn)' },
  { key: 'fail', label: 'fail', color: 'var(--danger)' },
  { key: 'insufficient', label: 'too little traffic', color: 'var(--muted)' },
  { key: 'noData', label: 'no data', color: 'var(--border)' },
  { key: 'notApplicable', label: 'not live', color: 'transparent' },
];

type Row = { key: GateKey; label: string; bands: string; minutes: Gates['p95']; total: number };

/** A gate's minutes as one bar, each state a segment as wide as its share of the day. */
function MinutesBar({ row }: { row: Row }) {
  const title = STATES.filter((s) => row.minutes[s.key] > 0)
    .map((s) => `${s.label}: ${row.minutes[s.key]}`)
    .join(', ');
  return (
    <div
      role="img"
      aria-label={`${row.label} minutes: ${title}`}
      title={title}
      style={{
        display: 'flex',
        height: '0.9rem',
        minWidth: '8rem',
        border: '1px solid var(--border)',
        borderRadius: 4,
        overflow: 'hidden',
      }}
    >
      {STATES.map((s) =>
        row.minutes[s.key] > 0 ? (
          <span
            key={s.key}
            style={{ width: `${(100 * row.minutes[s.key]) / row.total}%`, background: s.color }}
          />
        ) : null,
      )}
    </div>
  );
}

const count = (state: State) => (row: Row) => formatNumber(row.minutes[state], 0);

const columns: Column<Row>[] = [
  {
    key: 'gate',
    header: 'Gate',
    rowHeader: true,
    cell: (r) => (
      <>
        {r.label}
        <div className="muted">{r.bands}</div>
      </>
    ),
  },
  { key: 'bar', header: 'Minutes of the day', cell: (r) => <MinutesBar row={r} /> },
  ...STATES.map((s) => ({
    key: s.key,
    header: s.label,
    nowrap: true,
    cell: count(s.key),
    cellProps: (r: Row) => ({ 'data-testid': `gate-${r.key}-${s.key}` }),
  })),
];

/** Each gate's minutes in pass / warn / fail (and why the others were not judged). */
export function GateMinutesTable({ report }: { report: SloDailyReportWire }) {
  const rows = GATES.map((g) => ({ ...g, minutes: report.gates[g.key], total: report.minutes }));
  return <DataTable label="Gate minutes" columns={columns} rows={rows} rowKey={(r) => r.key} />;
}
