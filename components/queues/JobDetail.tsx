'use client';

import { useQueueJob } from '@/lib/hooks/useQueues';
import { QueryState } from '@/components/ui/QueryState';
import { formatTime } from '@/components/ui/format';

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** A job's data, output or error, attempts and timestamps. */
export function JobDetail({ name, id }: { name: string; id: string }) {
  const detail = useQueueJob(name, id);
  const job = detail.data?.job;
  return (
    <div data-testid="job-detail">
      <QueryState isPending={detail.isPending} error={detail.error}>
        {job && (
          <>
            <p>
              {job.state}, {job.attempts} attempt{job.attempts === 1 ? '' : 's'} (retry limit{' '}
              {job.retryLimit}) · created {formatTime(job.createdOn)} · started{' '}
              {formatTime(job.startedOn)} · finished {formatTime(job.completedOn)} · keep until{' '}
              {formatTime(job.keepUntil)}
            </p>
            {job.sourceName && (
              <p className="muted">
                dead-lettered from {job.sourceName} (job {job.sourceId}, created{' '}
                {formatTime(job.sourceCreatedOn)}, {(job.sourceRetryCount ?? 0) + 1} attempts)
              </p>
            )}
            <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
              <div style={{ flex: '1 1 16rem', minWidth: 0 }}>
                <strong>Data</strong>
                <pre style={{ overflowX: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {json(job.data)}
                </pre>
              </div>
              <div style={{ flex: '1 1 16rem', minWidth: 0 }}>
                <strong>
                  {job.state === 'failed' || job.sourceName ? 'Error / output' : 'Output'}
                </strong>
                <pre style={{ overflowX: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {json(job.output)}
                </pre>
              </div>
            </div>
          </>
        )}
      </QueryState>
    </div>
  );
}
