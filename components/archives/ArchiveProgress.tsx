import type { ArchiveItem } from '@/lib/contracts/archives';
import { formatTime } from '@/components/ui/format';

/** An archive's state: a progress bar while it builds, what it waits for while queued. */
export function ArchiveProgress({ archive }: { archive: ArchiveItem }) {
  const pct = Math.round(archive.progress * 100);
  switch (archive.status) {
    case 'ready':
      return <span data-testid="archive-status">ready</span>;
    case 'failed':
      return (
        <span className="error" data-testid="archive-status">
          failed: {archive.error ?? 'unknown error'}
        </span>
      );
    case 'building':
      return (
        <span data-testid="archive-status">
          building{' '}
          <progress max={100} value={pct} aria-label={`archive ${archive.id} progress`}>
            {pct} %
          </progress>{' '}
          {pct} %
        </span>
      );
    default:
      return (
        <span data-testid="archive-status">
          queued
          {new Date(archive.notBefore) > new Date() && (
            <span className="muted"> (built after {formatTime(archive.notBefore)})</span>
          )}
        </span>
      );
  }
}
