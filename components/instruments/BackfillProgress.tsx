import type { FeedView } from '@/lib/contracts/instruments';
import { formatTime } from '@/components/ui/format';

/** Where the history backfill of a live feed is: its stage and share done, or why it failed. */
export function BackfillProgress({ backfill }: { backfill: FeedView['backfill'] }) {
  if (!backfill) return <span className="muted">—</span>;
  if (backfill.state === 'done')
    return <span className="muted">done {formatTime(backfill.at)}</span>;
  if (backfill.state === 'failed')
    return (
      <span className="error" title={backfill.error ?? undefined}>
        failed: {backfill.error ?? 'unknown error'}
      </span>
    );
  if (backfill.state === 'queued') return <span>queued</span>;
  const share = backfill.total > 0 ? Math.min(1, backfill.done / backfill.total) : 0;
  return (
    <span>
      {backfill.stage ?? 'running'}{' '}
      <progress value={share} max={1} aria-label="Backfill progress" style={{ width: '5rem' }} />{' '}
      {backfill.done}/{backfill.total}
    </span>
  );
}
