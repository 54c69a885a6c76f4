import type { Column } from '@/components/ui/DataTable';
import { formatNumber, formatTime } from '@/components/ui/format';
import type { PredictionItem } from '@/lib/contracts/predictions';
import { decisionLabel, formatReturn, formatSigned } from './predictionFormat';

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
    key: 'source',
    header: 'Source',
    muted: true,
    cell: (p) => (p.backfilled ? 'backfilled' : 'live'),
  },
];
