'use client';

import type { ArchiveItem } from '@/lib/contracts/archives';
import { archiveDownloadHref, useArchives } from '@/lib/hooks/useArchives';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { formatNumber, formatTime } from '@/components/ui/format';
import { useListParams } from '@/components/ui/useListParams';
import { ArchiveProgress } from './ArchiveProgress';

const KINDS = [
  { value: '', label: 'all kinds' },
  { value: 'manual', label: 'on demand' },
  { value: 'daily', label: 'daily' },
  { value: 'evidence', label: 'breach evidence' },
];

const formatBytes = (bytes: number | null) =>
  bytes === null
    ? '—'
    : bytes < 1024 * 1024
      ? `${formatNumber(bytes / 1024, 1)} KiB`
      : `${formatNumber(bytes / 1024 / 1024, 1)} MiB`;

const columns: Column<ArchiveItem>[] = [
  {
    key: 'range',
    header: 'Range (end excluded)',
    cell: (a) => (
      <>
        {formatTime(a.from)}
        <div>→ {formatTime(a.to)}</div>
        <div className="muted">
          #{a.id} · {a.kind === 'evidence' ? `evidence of breach #${a.breachId}` : a.kind}
        </div>
      </>
    ),
  },
  { key: 'status', header: 'Status', cell: (a) => <ArchiveProgress archive={a} /> },
  {
    key: 'size',
    header: 'Size',
    nowrap: true,
    cell: (a) => (
      <>
        {formatBytes(a.sizeBytes)}
        {a.files && (
          <div className="muted">
            {formatNumber(
              a.files.reduce((n, f) => n + f.rows, 0),
              0,
            )}{' '}
            rows in {a.files.length} files
          </div>
        )}
      </>
    ),
  },
  {
    key: 'created',
    header: 'Created',
    cell: (a) => (
      <>
        {formatTime(a.createdAt)}
        <div className="muted">by {a.createdBy}</div>
      </>
    ),
  },
  {
    key: 'versions',
    header: 'Versions',
    cell: (a) => (
      <span className="muted">
        {a.versions.featureVersion} · {a.versions.modelVersion} ·{' '}
        <span title={`build ${a.versions.buildSha}, schema ${a.versions.schemaHash}`}>
          {a.versions.buildSha.slice(0, 7)}
        </span>
      </span>
    ),
  },
  {
    key: 'download',
    header: 'Download',
    cell: (a) =>
      a.status === 'ready' ? (
        <a href={archiveDownloadHref(a.id)} download={a.fileName} data-testid="archive-download">
          {a.fileName}
        </a>
      ) : (
        <span className="muted" title="the ZIP can be downloaded once it is built">
          {a.fileName} (not ready)
        </span>
      ),
  },
];

/** Every archive, newest first, with its progress while it builds and its download once ready. */
export function ArchiveTable() {
  const list = useListParams({ kind: '' });
  const archives = useArchives({ kind: list.filters.kind, cursor: list.cursor });
  return (
    <section className="panel" aria-label="Archives">
      <DataTable
        label="Archives"
        columns={columns}
        rows={archives.data?.items}
        rowKey={(a) => a.id}
        rowProps={(a) => ({ 'data-testid': `archive-${a.id}` })}
        status={archives}
        emptyText={
          list.filters.kind
            ? 'No archives of this kind yet.'
            : 'No archives yet: the daily job archives the previous UTC day, or create one above.'
        }
        filters={
          <form className="row" aria-label="Filter archives" onSubmit={(e) => e.preventDefault()}>
            <FilterSelect
              label="Kind"
              value={list.filters.kind}
              options={KINDS}
              onChange={(v) => list.setFilter('kind', v)}
            />
          </form>
        }
        paging={{
          cursor: list.cursor,
          nextCursor: archives.data?.nextCursor ?? null,
          onPage: list.setCursor,
        }}
      />
    </section>
  );
}
