'use client';

import { GATE_BANDS, type GateState } from '@/lib/domain/guardrails';
import type { SloStatus } from '@/lib/contracts/slo';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatMs, formatPercent, formatSeconds } from '@/components/ui/format';
import { GateBadge } from './GateBadge';

interface GateRow {
  name: string;
  value: string;
  band: string;
  window: string;
  state: GateState;
}

const COLUMNS: Column<GateRow>[] = [
  { key: 'gate', header: 'Gate', cell: (r) => r.name },
  { key: 'value', header: 'Value', cell: (r) => r.value },
  { key: 'window', header: 'Window', cell: (r) => r.window, muted: true },
  { key: 'bands', header: 'Bands', cell: (r) => r.band, muted: true },
  { key: 'state', header: 'State', cell: (r) => <GateBadge state={r.state} /> },
];

function gateRows(gates: SloStatus['gates']): GateRow[] {
  return [
    {
      name: 'p95 latency',
      value: formatMs(gates.p95),
      band: `pass ≤ ${GATE_BANDS.p95.pass} ms · warn ≤ ${GATE_BANDS.p95.warn} ms`,
      window: `15 min, ${gates.traffic.last15Minutes} requests`,
      state: gates.gates.p95,
    },
    {
      name: 'Data staleness',
      value: formatSeconds(gates.staleness),
      band: `pass ≤ ${GATE_BANDS.staleness.pass} s · warn ≤ ${GATE_BANDS.staleness.warn} s`,
      window: 'now, worst live feed',
      state: gates.gates.staleness,
    },
    {
      name: 'Error rate',
      value: formatPercent(gates.err),
      band: `pass ≤ ${GATE_BANDS.err.pass * 100} % · warn ≤ ${GATE_BANDS.err.warn * 100} %`,
      window: `30 min, ${gates.traffic.last30Minutes} requests`,
      state: gates.gates.err,
    },
    {
      name: 'Score rate',
      value: `${gates.scoreRate.perMinute.toFixed(1)} / min`,
      band:
        gates.scoreRate.required === null
          ? 'required only in live stages'
          : `≥ ${gates.scoreRate.required} / min`,
      window: '5 min',
      state: gates.scoreRate.state,
    },
  ];
}

/** Each SLO gate now: its value, window, bands and state, and why the overall state is what it is. */
export function GatesTable({ gates }: { gates: SloStatus['gates'] }) {
  return (
    <section className="panel" aria-label="Gates">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h2>Gates</h2>
        <span>
          Overall <GateBadge state={gates.status} testId="gates-status" />
          {gates.advisory && <span className="error"> · decisions forced advisory</span>}
        </span>
      </div>
      <DataTable label="Gates" columns={COLUMNS} rows={gateRows(gates)} rowKey={(r) => r.name} />
      {gates.reasons.length > 0 && (
        <ul>
          {gates.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
