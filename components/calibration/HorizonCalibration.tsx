'use client';

import type { CalibrationItem } from '@/lib/contracts/calibration';
import { BucketCounts } from './BucketCounts';
import { BucketTable } from './BucketTable';
import { MapPanel } from './MapPanel';
import { ReliabilityDiagram } from './ReliabilityDiagram';
import { ReliabilityStats } from './ReliabilityStats';

/** One horizon: its reliability diagram, counts, figures and buckets, then its maps. */
export function HorizonCalibration({ item, band }: { item: CalibrationItem; band: number }) {
  const confidence = item.confidence === 'raw' ? 'raw confidence' : 'calibrated confidence';
  return (
    <section
      className="panel"
      aria-label={`Horizon ${item.horizon}`}
      data-testid={`horizon-${item.horizon}`}
    >
      <h2 style={{ margin: '0 0 0.75rem', fontSize: '1.15rem' }}>
        Horizon {item.horizon}{' '}
        <span className="muted" style={{ fontWeight: 400, fontSize: '0.9rem' }}>
          {confidence}, window {item.window}
          {item.tfFamily ? `, ${item.tfFamily} timeframes` : ''}
        </span>
      </h2>
      {item.n === 0 ? (
        <p className="muted" data-testid={`reliability-empty-${item.horizon}`}>
          No matured pairs in this window
          {item.fromDay ? ` (predictions from ${item.fromDay} on)` : ''}.
        </p>
      ) : (
        <div
          style={{
            display: 'grid',
            gap: '1rem',
            gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 320px), 1fr))',
          }}
        >
          <figure style={{ margin: 0 }} aria-label={`Reliability diagram, ${item.horizon}`}>
            <ReliabilityDiagram
              buckets={item.buckets}
              band={band}
              testId={`reliability-${item.horizon}`}
            />
            <figcaption className="muted" style={{ fontSize: '0.85rem' }}>
              Pairs per bucket (red: outside the ±5 % band)
            </figcaption>
            <BucketCounts buckets={item.buckets} testId={`bucket-counts-${item.horizon}`} />
          </figure>
          <div>
            <ReliabilityStats item={item} />
          </div>
        </div>
      )}
      {item.n > 0 && <BucketTable buckets={item.buckets} horizon={item.horizon} />}
      {item.maps.length === 0 ? (
        <p className="muted">No calibration run yet at this horizon.</p>
      ) : (
        item.maps.map((group) => (
          <MapPanel key={group.tfFamily} group={group} horizon={item.horizon} />
        ))
      )}
    </section>
  );
}
