'use client';

import { useState } from 'react';
import { JOB_STATES, type JobSummary } from '@/lib/contracts/queues';
import { useJobCommand, useQueueJobs, type JobCommand } from '@/lib/hooks/useQueues';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { formatTime } from '@/components/ui/format';
import { ConfirmAction } from './ConfirmAction';
import { JobDetail } from './JobDetail';

const isDeadLetter = (name: string) => name.endsWith('-dlq');
const isDead = (job: JobSummary) =>
  isDeadLetter(job.name) && (job.state === 'created' || job.state === 'retry');

function JobActions({
  job,
  canOperate,
  run,
  pending,
}: {
  job: JobSummary;
  canOperate: boolean;
  run: (command: JobCommand) => void;
  pending: boolean;
}) {
  const dead = isDead(job);
  const actionable = dead || job.state === 'failed';
  if (!actionable) return <span className="muted">—</span>;
  if (!canOperate) return <span className="muted">operators retry or delete</span>;
  const short = job.id.slice(0, 8);
  return (
    <span className="row" style={{ gap: '0.5rem', flexWrap: 'wrap' }}>
      <ConfirmAction
        label="Retry"
        question={
          dead
            ? `Send dead job ${short} back to ${job.sourceName ?? 'its queue'} as a new job with fresh attempts?`
            : `Retry failed job ${short} in ${job.name} once more?`
        }
        pending={pending}
        onConfirm={() => run({ action: 'retry', name: job.name, id: job.id })}
      />
      <ConfirmAction
        label="Delete"
        danger
        question={`Delete job ${short} from ${job.name} for good? Its data and error are kept only in the audit log.`}
        pending={pending}
        onConfirm={() => run({ action: 'delete', name: job.name, id: job.id })}
      />
    </span>
  );
}

/** One queue's jobs, newest first, by state; open a job for its data and error. */
export function QueueJobs({
  name,
  state,
  cursor,
  deadJobs,
  canOperate,
  onState,
  onPage,
}: {
  name: string;
  state: string;
  cursor: string | undefined;
  deadJobs: number;
  canOperate: boolean;
  onState: (state: string) => void;
  onPage: (cursor: string | undefined) => void;
}) {
  const jobs = useQueueJobs({ name, state, cursor });
  const command = useJobCommand();
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = (c: JobCommand) =>
    command.mutate(c, {
      onSuccess: (result) =>
        setDone(
          c.action === 'retryAll'
            ? `${result.moved} dead job(s) sent back to their queue.`
            : c.action === 'retry'
              ? `Job ${c.id.slice(0, 8)} retried.`
              : `Job ${c.id.slice(0, 8)} deleted.`,
        ),
    });

  const columns: Column<JobSummary>[] = [
    {
      key: 'id',
      header: 'Job',
      cell: (j) => (
        <button
          type="button"
          className="secondary"
          aria-expanded={open === j.id}
          onClick={() => setOpen(open === j.id ? null : j.id)}
          title={j.id}
        >
          {j.id.slice(0, 8)}
        </button>
      ),
    },
    { key: 'state', header: 'State', cell: (j) => (isDead(j) ? `dead (${j.state})` : j.state) },
    { key: 'attempts', header: 'Attempts', cell: (j) => j.attempts },
    { key: 'created', header: 'Created', cell: (j) => formatTime(j.createdOn) },
    { key: 'finished', header: 'Finished', cell: (j) => formatTime(j.completedOn) },
    {
      key: 'actions',
      header: 'Actions',
      cell: (j) => (
        <JobActions job={j} canOperate={canOperate} run={run} pending={command.isPending} />
      ),
    },
  ];

  return (
    <section className="panel" aria-label={`Jobs of ${name}`}>
      <div className="row" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <h2>Jobs of {name}</h2>
        {isDeadLetter(name) && (
          <ConfirmAction
            label="Retry all dead jobs"
            question={`Send all ${deadJobs} dead job(s) of ${name} back to their queue?`}
            pending={command.isPending}
            disabledReason={
              !canOperate ? 'operators only' : deadJobs === 0 ? 'no dead jobs to retry' : null
            }
            onConfirm={() => run({ action: 'retryAll', name })}
          />
        )}
      </div>
      {command.error && (
        <p className="error" role="alert">
          {command.error.message}
        </p>
      )}
      {done && !command.error && (
        <p role="status" className="muted">
          {done} Audited.
        </p>
      )}
      <DataTable
        label="Jobs"
        columns={columns}
        rows={jobs.data?.items}
        rowKey={(j) => j.id}
        rowProps={(j) => ({ 'data-testid': `job-${j.id}` })}
        status={jobs}
        emptyText={`No ${state ? `${state} ` : ''}jobs in ${name}.`}
        filters={
          <form className="row" aria-label="Filter jobs" onSubmit={(e) => e.preventDefault()}>
            <FilterSelect
              label="State"
              value={state}
              options={[
                { value: '', label: 'all states' },
                ...JOB_STATES.map((s) => ({ value: s, label: s })),
              ]}
              onChange={onState}
            />
          </form>
        }
        paging={{ cursor, nextCursor: jobs.data?.nextCursor ?? null, onPage }}
      />
      {open && jobs.data?.items.some((j) => j.id === open) && <JobDetail name={name} id={open} />}
    </section>
  );
}
