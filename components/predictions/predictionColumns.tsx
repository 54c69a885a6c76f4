import type { Column } from '@/components/ui/DataTable';
import { formatNumber, formatTime } from '@/components/ui/format';
import type { PredictionItem } from '@/lib/contracts/predictions';
import { decisionLabel, formatReturn, formatSigned } from './predictionFormat';

/**
 * How the pair was served when the prediction was written: live (with its live decision), paper
 * (preview, or shadow in a live stage), off, or replayed history (backfilled, never served).
 */
function Served({ p }: { p: PredictionItem }) {
  if (p.mode === 'live')
    return (
      <span data-testid="prediction-served">
        live
        <div className="muted">live decision {decisionLabel(p.liveDecision ?? 0)}</div>
      </span>
    );
  if (p.mode === 'preview' || p.mode === 'shadow')
    return (
      <span data-testid="prediction-served">
        paper <span className="muted">({p.mode})</span>
      </span>
    );
  if (p.mode === 'off') return <span data-testid="prediction-served">off</span>;
  return (
    <span className="muted" data-testid="prediction-served">
      {p.backfilled ? 'history' : 'not recorded'}
    </span>
  );
}

/** The explorer's table: the candle, the call, its confidence and parts, the map, the outcome. */
export const predictionColumns: Column<PredictionItem>[] = [
  {
    key: 'candle',
    header: 'Candle',
    cell: (p) => (
      <>
        <strong>
          {p.symbol} {p.tf}
        </strong>{' '}
        {formatTime(p.ts)}
        <div className="muted">
          close {formatNumber(p.entryClose, 4)} · #{p.id}
        </div>
      </>
    ),
  },
  { key: 'horizon', header: 'Horizon', cell: (p) => p.horizon },
  {
    key: 'decision',
    header: 'Decision',
    nowrap: true,
    cell: (p) => (
      <>
        {decisionLabel(p.decision)}
        <div className="muted">score {formatSigned(p.score)}</div>
      </>
    ),
  },
  {
    key: 'confidence',
    header: 'Confidence raw → calibrated',
    nowrap: true,
    cell: (p) => (
      <>
        {formatNumber(p.rawConfidence, 3)} → {formatNumber(p.confid, 3)}
        <div className="muted">bucket {p.mlBucket.toFixed(1)}</div>
      </>
    ),
  },
  {
    key: 'parts',
    header: 'Parts rsi / macd / trend',
    nowrap: true,
    cell: (p) => [p.parts.rsi, p.parts.macd, p.parts.trend].map(formatSigned).join(' / '),
  },
  {
    key: 'map',
    header: 'Map',
    cell: (p) =>
      p.calibration ? (
        <>
          v{p.calibration.version ?? '?'}
          <div className="muted">#{p.calibration.id}</div>
        </>
      ) : (
        <span className="muted">identity</span>
      ),
  },
  {
    key: 'outcome',
    header: (
      <>
        Outcome
        <div className="muted">hit: the score’s sign was right</div>
      </>
    ),
    cell: (p) =>
      p.outcome ? (
        <span data-testid="prediction-outcome">
          <strong>{p.outcome.hit ? 'hit' : 'miss'}</strong> {formatReturn(p.outcome.realizedReturn)}
          <div className="muted">
            close {formatNumber(p.outcome.closeUsed, 4)} at {formatTime(p.outcome.closeTs)}
          </div>
        </span>
      ) : (
        <span data-testid="prediction-pending">
          pending
          <div className="muted">matures {formatTime(p.maturesAt)}</div>
        </span>
      ),
  },
  {
    key: 'served',
    header: 'Served',
    cell: (p) => <Served p={p} />,
  },
];
