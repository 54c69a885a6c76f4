'use client';

import type { Column } from '@/components/ui/DataTable';
import { DataTable } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';
import { useListParams } from '@/components/ui/useListParams';
import type { AuditEntry } from '@/lib/contracts/audit';
import { AUDIT_PAGE, auditCsvUrl, useAuditLog, type AuditFilterText } from '@/lib/hooks/useAudit';
import { AuditDetails } from './AuditDetails';
import { AuditFilters } from './AuditFilters';

const NO_FILTER: AuditFilterText = { action: '', actor: '', from: '', to: '', q: '', id: '' };

const columns = (openId: string): Column<AuditEntry>[] => [
  {
    key: 'ts',
    header: 'Time',
    cell: (e) => (
      <>
        {formatTime(e.ts)}
        <div className="muted">#{e.id}</div>
      </>
    ),
  },
  { key: 'action', header: 'Action', nowrap: true, cell: (e) => e.action },
  { key: 'actor', header: 'Actor', cell: (e) => e.actor },
  {
    key: 'details',
    header: 'Details',
    // Readable on a phone: the table scrolls inside its panel instead of squeezing this.
    cellProps: () => ({ style: { minWidth: '16rem' } }),
    cell: (e) => <AuditDetails action={e.action} details={e.details} open={e.id === openId} />,
  },
];

/** The audit log, newest first, filtered and paged in the URL, with its CSV download. */
export function AuditLog() {
  const list = useListParams(NO_FILTER);
  const log = useAuditLog(list.filters, list.cursor);
  const filtered = Object.values(list.filters).some((v) => v !== '');
  const page = log.data;
  // A text search reads a bounded window of the log a request: a short page may go on.
  const searchGoesOn =
    list.filters.q !== '' &&
    page !== undefined &&
    page.nextCursor !== null &&
    page.items.length < AUDIT_PAGE;

  return (
    <section className="panel" aria-label="Audit log">
      <DataTable
        label="Audit log"
        columns={columns(list.filters.id)}
        rows={page?.items}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ 'data-testid': `audit-${e.id}` })}
        status={log}
        emptyText={
          searchGoesOn
            ? 'No match among the entries searched so far: Older searches further back.'
            : filtered
              ? 'No entries match the filter.'
              : 'No entries yet.'
        }
        filters={
          <>
            <AuditFilters filter={list.filters} onChange={list.setFilter} />
            {list.filters.id && (
              <p className="row" style={{ alignItems: 'center', marginTop: 0 }}>
                <span>Showing entry #{list.filters.id} only.</span>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => list.setFilter('id', '')}
                >
                  Show the whole log
                </button>
              </p>
            )}
            <p className="row" style={{ alignItems: 'center', marginTop: 0 }}>
              <a href={auditCsvUrl(list.filters)} download>
                Download CSV
              </a>
              <span className="muted">
                every entry matching the filter, not only this page (times ISO-8601 UTC)
              </span>
            </p>
            {searchGoesOn && page.items.length > 0 && (
              <p className="muted" role="status">
                The text search reads a bounded part of the log per page: Older searches further
                back.
              </p>
            )}
          </>
        }
        paging={{
          cursor: list.cursor,
          nextCursor: page?.nextCursor ?? null,
          onPage: list.setCursor,
        }}
      />
    </section>
  );
}
