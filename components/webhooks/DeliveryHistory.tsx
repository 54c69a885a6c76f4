'use client';

import { useState } from 'react';
import type { WebhookDelivery } from '@/lib/contracts/webhooks';
import { useWebhookDeliveries } from '@/lib/hooks/useWebhooks';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';

const STATUS_TEXT: Record<WebhookDelivery['status'], string> = {
  pending: 'pending',
  succeeded: 'delivered',
  failed: 'failed, retrying',
  dead: 'dead (retries exhausted)',
};

const columns: Column<WebhookDelivery>[] = [
  { key: 'id', header: '#', cell: (d) => d.id, muted: true },
  { key: 'event', header: 'Event', cell: (d) => d.eventType, nowrap: true },
  {
    key: 'status',
    header: 'Status',
    cell: (d) => STATUS_TEXT[d.status],
    cellProps: (d) => ({
      'data-status': d.status,
      className: d.status === 'dead' || d.status === 'failed' ? 'error' : undefined,
    }),
  },
  { key: 'attempts', header: 'Attempts', cell: (d) => d.attempts },
  { key: 'code', header: 'Response', cell: (d) => d.lastResponseStatus ?? '—' },
  { key: 'created', header: 'Created', cell: (d) => formatTime(d.createdAt), nowrap: true },
  {
    key: 'delivered',
    header: 'Delivered',
    cell: (d) => (d.deliveredAt ? formatTime(d.deliveredAt) : '—'),
    nowrap: true,
  },
  {
    key: 'error',
    header: 'Last error',
    cell: (d) => d.lastError ?? '',
    cellProps: () => ({
      style: { minWidth: '12rem', maxWidth: '20rem', overflowWrap: 'anywhere' },
    }),
    muted: true,
  },
  { key: 'eventId', header: 'Event id', cell: (d) => d.eventId, muted: true },
];

/** A subscription's deliveries, newest first, refreshed while one is pending or retrying. */
export function DeliveryHistory({ id, url }: { id: string; url: string }) {
  const [cursor, setCursor] = useState<string | undefined>();
  const deliveries = useWebhookDeliveries(id, cursor);
  return (
    <section className="panel" aria-label="Delivery history">
      <h2>Delivery history</h2>
      <p className="muted" style={{ overflowWrap: 'anywhere' }}>
        Subscription #{id}: {url}. At least once: a receiver dedupes on the event id.
      </p>
      <DataTable
        label="Webhook deliveries"
        columns={columns}
        rows={deliveries.data?.items}
        rowKey={(d) => d.id}
        status={deliveries}
        live
        emptyText="No deliveries yet: send a test."
        paging={{
          cursor,
          nextCursor: deliveries.data?.nextCursor ?? null,
          onPage: setCursor,
        }}
      />
    </section>
  );
}
