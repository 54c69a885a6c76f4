'use client';

import type { CalibrationItem } from '@/lib/contracts/calibration';
import { DataTable } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';
import { Badge } from '@/components/slo/GateBadge';
import { MapCurve } from './MapCurve';

type Group = CalibrationItem['maps'][number];
type Version = Group['history'][number];

const ChecksumBadge = ({ state }: { state: Version['checksum'] }) =>
  state === 'verified' ? <Badge tone="pass">verified</Badge> : <Badge tone="fail">refused</Badge>;

/**
 * One timeframe family's calibration at a horizon: the map in use (version, fitted when, on how
 * many pairs, the latest run's used_prev and its checksum), its curve over the diagonal and the
 * version history, each version's checksum verified on read.
 */
export function MapPanel({ group, horizon }: { group: Group; horizon: string }) {
  const { current, latestRun: run } = group;
  const id = `${horizon}-${group.tfFamily}`;
  return (
    <section
      aria-label={`Calibration map, ${horizon}, ${group.tfFamily}`}
      data-testid={`map-${id}`}
      style={{ marginTop: '1rem' }}
    >
      <h3 style={{ margin: '0 0 0.5rem', fontSize: '1rem' }}>
        Map in use · {group.tfFamily} timeframes
      </h3>
      {current ? (
        <p style={{ margin: '0 0 0.5rem' }} data-testid={`map-current-${id}`}>
          Version {current.version} of {group.versionCount}, fitted {formatTime(current.createdAt)}{' '}
          on {current.nPairs.toLocaleString()} pairs ({current.points} points), checksum{' '}
          <ChecksumBadge state={current.checksum} />
        </p>
      ) : (
        <p className="muted" data-testid={`map-current-${id}`}>
          No map that verifies: confidences pass through uncalibrated (identity).
        </p>
      )}
      {run && (
        <p className="muted" style={{ margin: '0 0 0.5rem' }}>
          Latest run {formatTime(run.ranAt)}: {run.status}, n_pairs {run.nPairs.toLocaleString()},
          used_prev {String(run.usedPrev)}
          {run.maturedTotal !== null && <>, {run.maturedTotal.toLocaleString()} matured</>}
          {run.windowFrom && run.windowTo && (
            <>
              , fitted on predictions {formatTime(run.windowFrom)} – {formatTime(run.windowTo)}
            </>
          )}
          .
        </p>
      )}
      {current && <MapCurve x={current.x} y={current.y} testId={`map-curve-${id}`} />}
      <details>
        <summary className="muted">
          Version history ({group.history.length} newest of {group.versionCount})
        </summary>
        <DataTable
          label={`Map versions, ${horizon}, ${group.tfFamily}`}
          rows={group.history}
          rowKey={(v) => v.id}
          emptyText="No map fitted yet."
          rowProps={(v) => ({ 'data-testid': `map-version-${id}-${v.version}` })}
          columns={[
            { key: 'version', header: 'Version', cell: (v) => v.version, rowHeader: true },
            {
              key: 'created',
              header: 'Fitted',
              cell: (v) => formatTime(v.createdAt),
              nowrap: true,
            },
            { key: 'pairs', header: 'Pairs', cell: (v) => v.nPairs.toLocaleString() },
            { key: 'points', header: 'Points', cell: (v) => v.points },
            {
              key: 'checksum',
              header: 'Checksum',
              cell: (v) => <ChecksumBadge state={v.checksum} />,
            },
            {
              key: 'use',
              header: 'In use',
              cell: (v) => (v.id === current?.id ? 'yes' : ''),
            },
          ]}
        />
      </details>
    </section>
  );
}
