'use client';

import { useQueueReport } from '@/lib/hooks/useQueues';
import { QueryState } from '@/components/ui/QueryState';
import { formatTime } from '@/components/ui/format';
import { useListParams } from '@/components/ui/useListParams';
import { Badge } from '@/components/slo/GateBadge';
import { QueueJobs } from './QueueJobs';
import { QueueTable } from './QueueTable';

/** The Queues page: every queue and DLQ with the card's gates, then the chosen queue's jobs. */
export function QueuesPanel({ canOperate }: { canOperate: boolean }) {
  const list = useListParams({ queue: '', state: '' });
  const report = useQueueReport();
  const data = report.data;
  const selected =
    list.filters.queue ||
    data?.queues.find((q) => q.deadJobs > 0)?.name ||
    data?.queues[0]?.name ||
    '';
  const selectedStats = data?.queues.find((q) => q.name === selected);
  return (
    <>
      <section className="panel" aria-label="Queue stats">
        <QueryState isPending={report.isPending} error={report.error}>
          {data && (
            <>
              <p className="row" style={{ flexWrap: 'wrap' }} data-testid="queue-gates">
                <span>
                  Dead-letter queues ≤ {data.gates.dlq.limit}:{' '}
                  <Badge tone={data.gates.dlq.pass ? 'pass' : 'fail'}>
                    {data.gates.dlq.pass ? 'pass' : 'fail'} (worst {data.gates.dlq.worst})
                  </Badge>
                </span>
                <span>
                  No job beyond {data.gates.attempts.limit} attempts:{' '}
                  <Badge tone={data.gates.attempts.pass ? 'pass' : 'fail'}>
                    {data.gates.attempts.pass ? 'pass' : `fail (${data.gates.attempts.beyond})`}
                  </Badge>
                </span>
                <span className="muted">as of {formatTime(data.now)}</span>
              </p>
              <QueueTable
                queues={data.queues}
                selected={selected}
                onOpen={(name) => list.setFilter('queue', name)}
              />
            </>
          )}
        </QueryState>
      </section>
      {selected && (
        <QueueJobs
          key={selected}
          name={selected}
          state={list.filters.state}
          cursor={list.cursor}
          deadJobs={selectedStats?.deadJobs ?? 0}
          canOperate={canOperate}
          onState={(s) => list.setFilter('state', s)}
          onPage={list.setCursor}
        />
      )}
    </>
  );
}
