'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { formatNumber, formatTime } from '@/components/ui/format';
import { useShadowBackfillStatus } from '@/lib/hooks/useShadow';
import { invalidate, queryKeys } from '@/lib/hooks/queryKeys';

/**
 * Where the candidate's latest shadow backfill is: queued, running with its progress (the
 * active predictions of its range that have a shadow score), finished or failed. The comparison
 * is refreshed when a run finishes, so its figures follow the backfill.
 */
export function ShadowBackfillStatus({ candidate }: { candidate: string }) {
  const status = useShadowBackfillStatus(candidate);
  const client = useQueryClient();
  const state = status.data?.job?.state;
  const previous = useRef(state);
  useEffect(() => {
    if (previous.current && previous.current !== 'completed' && state === 'completed')
      void invalidate(client, queryKeys.shadow.all);
    previous.current = state;
  }, [client, state]);

  const job = status.data?.job;
  if (!job) return null;
  const coverage = status.data?.coverage;
  const share = coverage && coverage.expected > 0 ? coverage.scored / coverage.expected : null;
  const covered = coverage && (
    <>
      {formatNumber(coverage.scored, 0)} of {formatNumber(coverage.expected, 0)} active predictions
      since {formatTime(job.from)} scored
      {share !== null && ` (${formatNumber(share * 100, 1)} %)`}
    </>
  );
  let line: React.ReactNode;
  switch (job.state) {
    case 'created':
    case 'retry':
      line = (
        <>
          Shadow backfill queued {formatTime(job.createdOn)}
          {job.state === 'retry' && ' (to be retried)'} · {covered}
        </>
      );
      break;
    case 'active':
      line = (
        <>
          Shadow backfill running since {formatTime(job.startedOn ?? job.createdOn)}{' '}
          <progress
            value={share ?? 0}
            max={1}
            aria-label="Shadow backfill progress"
            style={{ width: '6rem' }}
          />{' '}
          {covered}
        </>
      );
      break;
    case 'completed':
      line = (
        <>
          Last shadow backfill finished {formatTime(job.completedOn ?? job.createdOn)}
          {job.rows !== null && `: ${formatNumber(job.rows, 0)} rows written`} · {covered}
        </>
      );
      break;
    default:
      line = (
        <span className="error">
          Last shadow backfill {job.state} {formatTime(job.completedOn ?? job.createdOn)}: see its
          job in <Link href="/queues?queue=shadow-backfill">Queues</Link>.
        </span>
      );
  }
  return (
    <p role="status" data-testid="shadow-backfill-status" data-state={job.state}>
      {line}
    </p>
  );
}
