'use client';

import type { ModelVersionItem } from '@/lib/contracts/models';
import { useModels } from '@/lib/hooks/useModels';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { QueryState } from '@/components/ui/QueryState';
import { formatNumber, formatTime } from '@/components/ui/format';
import { PARTS, weightText } from './weights';

interface PartRow {
  part: (typeof PARTS)[number];
  active: number;
  candidate: number;
  sd: number | null;
  map: number | null;
  mapSd: number | null;
}

const columns: Column<PartRow>[] = [
  { key: 'part', header: 'Part', rowHeader: true, cell: (r) => r.part },
  { key: 'active', header: 'Active weight', nowrap: true, cell: (r) => weightText(r.active) },
  {
    key: 'candidate',
    header: 'Candidate ± sd',
    nowrap: true,
    cell: (r) => weightText(r.candidate, r.sd),
    cellProps: () => ({ 'data-testid': 'candidate-weight' }),
  },
  {
    key: 'map',
    header: 'MAP (log-odds) ± sd',
    nowrap: true,
    muted: true,
    cell: (r) => (r.map === null ? '—' : weightText(r.map, r.mapSd)),
  },
];

function Evidence({ candidate }: { candidate: ModelVersionItem }) {
  const e = candidate.evidence;
  if (!e) return null;
  const horizons = Object.entries(e.perHorizon)
    .map(([h, n]) => `${h} ${formatNumber(n, 0)}`)
    .join(' · ');
  return (
    <dl
      className="evidence"
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content minmax(0, 1fr)',
        gap: '0.25rem 1rem',
        overflowWrap: 'anywhere',
      }}
    >
      <dt>Window (pairs’ ts)</dt>
      <dd style={{ margin: 0 }}>
        {formatTime(candidate.windowFrom)} → {formatTime(candidate.windowTo)}
      </dd>
      <dt>Pairs</dt>
      <dd style={{ margin: 0 }}>
        {formatNumber(e.n, 0)} ({formatNumber(e.up, 0)} up
        {e.flat ? `, ${formatNumber(e.flat, 0)} flat left out` : ''})
        {e.capped ? ` · the window's newest ${formatNumber(e.maxPairs, 0)}` : ''}
        <div className="muted">{horizons}</div>
      </dd>
      <dt>Log-likelihood</dt>
      <dd style={{ margin: 0 }}>
        {formatNumber(e.logLikelihood, 2)}{' '}
        <span className="muted">
          (parent’s weights {formatNumber(e.priorLogLikelihood, 2)}, a coin{' '}
          {formatNumber(e.n * Math.log(0.5), 2)})
        </span>
      </dd>
      <dt>Prior</dt>
      <dd style={{ margin: 0 }}>
        N({e.parentModelId}’s weights, {formatNumber(e.priorSd, 2)}²) · {e.iterations} Newton steps
        {e.converged ? '' : ' (not converged)'}
      </dd>
      <dt>Fitted</dt>
      <dd style={{ margin: 0 }}>
        {formatTime(e.fittedAt)} by {e.actor} ({e.trigger}): “{e.reason}”
      </dd>
    </dl>
  );
}

/** The candidate's weights ± posterior sd beside the active weights, with its window and evidence. */
export function CandidateWeights() {
  const models = useModels();
  const items = models.data?.items ?? [];
  const active = items.find((m) => m.id === models.data?.activeId);
  const candidate = items.find((m) => m.id === models.data?.candidateId);
  const rows: PartRow[] =
    active && candidate
      ? PARTS.map((part) => ({
          part,
          active: active.weights[part],
          candidate: candidate.weights[part],
          sd: candidate.sd?.[part] ?? null,
          map: candidate.evidence?.map[part] ?? null,
          mapSd: candidate.evidence?.mapSd[part] ?? null,
        }))
      : [];
  return (
    <section className="panel" aria-label="Candidate" data-testid="candidate-panel">
      <h2>Candidate{candidate ? `: ${candidate.id}` : ''}</h2>
      <QueryState
        query={models}
        isEmpty={!candidate}
        emptyText="No candidate: the weekly weight update (Mondays 00:00 UTC) or “Fit a candidate now” proposes one."
      >
        <p className="muted">
          Bayesian logistic regression of the move’s direction on the three parts, prior centred on
          the active weights; weights are the posterior mean scaled to sum of |w| = 1 (the scale
          changes confidence, not direction).
        </p>
        <DataTable
          label="Candidate weights beside the active weights"
          columns={columns}
          rows={rows}
          rowKey={(r) => r.part}
        />
        {candidate && <Evidence candidate={candidate} />}
      </QueryState>
    </section>
  );
}
