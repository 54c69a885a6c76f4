import type { FeedView } from '@/lib/contracts/instruments';

const COLOURS: Record<FeedView['health']['status'], string> = {
  ok: 'var(--ok)',
  backfilling: 'var(--accent)',
  import: 'var(--muted)',
  inactive: 'var(--muted)',
  stale: 'var(--danger)',
  failing: 'var(--danger)',
  'backfill-failed': 'var(--danger)',
};

/** A series' feed status as a word in its colour (stale, failing and failed backfills in red). */
export function FeedStatusBadge({ health }: { health: FeedView['health'] }) {
  return (
    <strong data-testid="feed-status" style={{ color: COLOURS[health.status] }}>
      {health.status}
    </strong>
  );
}
