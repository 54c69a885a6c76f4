'use client';

import type { SloStatus } from '@/lib/contracts/slo';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatPercent } from '@/components/ui/format';

type BurnRate = SloStatus['burnRates'][number];

const SLOS = ['availability', 'latency', 'freshness'] as const;
const WINDOWS = ['1h', '6h', '3d'] as const;

interface SloRow {
  slo: (typeof SLOS)[number];
  byWindow: Map<string, BurnRate>;
}

const hot = (r: BurnRate | undefined) => r?.burnRate != null && r.burnRate > 1;

const COLUMNS: Column<SloRow>[] = [
  {
    key: 'slo',
    header: 'SLO (budget)',
    rowHeader: true,
    cell: (row) => `${row.slo} (${formatPercent(row.byWindow.get('1h')?.budget ?? null)})`,
  },
  ...WINDOWS.map((w): Column<SloRow> => ({
    key: w,
    header: w,
    cellProps: (row) => ({
      'data-testid': `burn-${row.slo}-${w}`,
      className: hot(row.byWindow.get(w)) ? 'error' : undefined,
      style: hot(row.byWindow.get(w)) ? { fontWeight: 700 } : undefined,
    }),
    cell: (row) => {
      const r = row.byWindow.get(w);
      return r?.burnRate == null ? (
        <span className="muted">no data</span>
      ) : (
        <>
          ×{r.burnRate.toFixed(2)}{' '}
          <span className="muted">
            ({r.bad} bad of {r.total})
          </span>
        </>
      );
    },
  })),
];

/** Error-budget burn rates of each SLO over 1 h, 6 h and 3 d. */
export function BurnRateTable({ rates }: { rates: BurnRate[] }) {
  const rows = SLOS.map((slo) => ({
    slo,
    byWindow: new Map(rates.filter((r) => r.slo === slo).map((r) => [r.window, r])),
  }));
  return (
    <section className="panel" aria-label="Error-budget burn rates">
      <h2>Error-budget burn rates</h2>
      <p className="muted">
        1 spends the budget exactly as fast as allowed; above 1 (red) it runs out early.
      </p>
      <DataTable label="Burn rates" columns={COLUMNS} rows={rows} rowKey={(row) => row.slo} />
    </section>
  );
}
