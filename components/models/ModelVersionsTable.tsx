'use client';

import type { ModelVersionItem } from '@/lib/contracts/models';
import { useModels } from '@/lib/hooks/useModels';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatNumber, formatTime } from '@/components/ui/format';
import { PARTS, weightText } from './weights';

const STATUS_STYLE: Record<ModelVersionItem['status'], React.CSSProperties> = {
  active: { color: 'var(--ok)', fontWeight: 600 },
  candidate: { color: 'var(--accent)', fontWeight: 600 },
  retired: { color: 'var(--muted)' },
};

const columns: Column<ModelVersionItem>[] = [
  {
    key: 'version',
    header: 'Version',
    rowHeader: true,
    cell: (m) => (
      <>
        {m.id}
        <div style={STATUS_STYLE[m.status]} data-testid="model-status">
          {m.status}
          {m.status === 'active' ? ' (serving)' : ''}
        </div>
        <div className="muted">features {m.featureVersion}</div>
        {m.notes && <div className="muted">“{m.notes}”</div>}
      </>
    ),
  },
  {
    key: 'weights',
    header: 'Weights rsi / macd / trend (± posterior sd)',
    cell: (m) => (
      <>
        {PARTS.map((part) => (
          <div key={part} style={{ whiteSpace: 'nowrap' }}>
            {part} {weightText(m.weights[part], m.sd?.[part])}
          </div>
        ))}
      </>
    ),
  },
  {
    key: 'thresholds',
    header: 'Thresholds',
    nowrap: true,
    cell: (m) => (
      <>
        advisory {formatNumber(m.threshold, 2)}
        <div>live {formatNumber(m.liveThreshold, 2)}</div>
      </>
    ),
  },
  {
    key: 'window',
    header: 'Fitted on (pairs’ ts)',
    nowrap: true,
    cell: (m) =>
      m.windowFrom && m.windowTo ? (
        <>
          {formatTime(m.windowFrom)}
          <div>→ {formatTime(m.windowTo)}</div>
          {m.evidence && (
            <div className="muted">
              {formatNumber(m.evidence.n, 0)} pairs · parent {m.evidence.parentModelId}
            </div>
          )}
        </>
      ) : (
        <span className="muted">not fitted here (set by hand)</span>
      ),
  },
  {
    key: 'dates',
    header: 'Created / activated / retired',
    nowrap: true,
    cell: (m) => (
      <>
        {formatTime(m.createdAt)}
        <div className="muted">
          {m.activatedAt ? `activated ${formatTime(m.activatedAt)}` : 'never activated'}
        </div>
        {m.retiredAt && <div className="muted">retired {formatTime(m.retiredAt)}</div>}
      </>
    ),
  },
];

/** Every model version, newest first; the active one highlighted. */
export function ModelVersionsTable() {
  const models = useModels();
  return (
    <section className="panel" aria-label="Model versions">
      <h2>Versions</h2>
      <DataTable
        label="Model versions"
        columns={columns}
        rows={models.data?.items}
        rowKey={(m) => m.id}
        rowProps={(m) => ({
          'data-testid': `model-${m.id}`,
          'data-status': m.status,
          style:
            m.status === 'active'
              ? { outline: '2px solid var(--ok)', outlineOffset: '-2px' }
              : undefined,
        })}
        status={models}
        emptyText="No model versions."
      />
    </section>
  );
}
