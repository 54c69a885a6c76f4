'use client';

import { useState } from 'react';
import type { WebhookSubscription } from '@/lib/contracts/webhooks';
import {
  useDeleteWebhook,
  useTestWebhook,
  useUpdateWebhook,
  useWebhooks,
} from '@/lib/hooks/useWebhooks';
import { ConfirmBox, type PendingAction } from '@/components/ui/ConfirmBox';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';
import { CreateWebhookForm } from './CreateWebhookForm';
import { DeliveryHistory } from './DeliveryHistory';
import { SecretOnce } from './SecretOnce';

/** The Webhooks page: subscriptions, the create form, the secret once, tests and history. */
export function WebhookAdmin() {
  const subscriptions = useWebhooks();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const [created, setCreated] = useState<{ id: string; url: string; secret: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const shown =
    subscriptions.data?.find((s) => s.id === selected) ?? subscriptions.data?.[0] ?? null;

  const columns: Column<WebhookSubscription>[] = [
    { key: 'id', header: '#', cell: (s) => s.id, muted: true },
    {
      key: 'url',
      header: 'URL',
      cell: (s) => s.url,
      cellProps: () => ({
        style: { minWidth: '14rem', maxWidth: '22rem', overflowWrap: 'anywhere' },
      }),
    },
    { key: 'events', header: 'Events', cell: (s) => s.events.join(', ') },
    { key: 'description', header: 'Description', cell: (s) => s.description || '—' },
    {
      key: 'secret',
      header: 'Secret',
      cell: (s) => s.secretHint,
      cellProps: () => ({ className: 'secret', title: 'shown once, at creation' }),
    },
    {
      key: 'state',
      header: 'State',
      cell: (s) => (s.active ? 'active' : 'off'),
      cellProps: (s) => ({ 'data-state': s.active ? 'active' : 'off' }),
    },
    {
      key: 'last',
      header: 'Last delivery',
      cell: (s) => (s.lastDeliveryAt ? formatTime(s.lastDeliveryAt) : 'never'),
      nowrap: true,
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (s) => (
        <div className="row" style={{ flexWrap: 'nowrap', whiteSpace: 'nowrap' }}>
          <button
            type="button"
            className="secondary"
            disabled={test.isPending}
            onClick={() => test.mutate(s.id, { onSuccess: () => setSelected(s.id) })}
          >
            Send test
          </button>
          <button
            type="button"
            className="secondary"
            disabled={update.isPending}
            onClick={() => update.mutate({ id: s.id, active: !s.active })}
          >
            {s.active ? 'Disable' : 'Enable'}
          </button>
          <button type="button" className="secondary" onClick={() => setSelected(s.id)}>
            History
          </button>
          <button
            type="button"
            className="secondary"
            style={{ color: 'var(--danger)', borderColor: 'var(--danger)' }}
            onClick={() =>
              setPending({
                title: `Delete subscription #${s.id}?`,
                consequence: `${s.url} stops receiving ${s.events.join(', ')}, and its delivery history is deleted with it. This cannot be undone (the audit log keeps the record).`,
                confirmLabel: 'Delete subscription',
                run: () =>
                  remove.mutate(s.id, {
                    onSuccess: () => {
                      setPending(null);
                      if (selected === s.id) setSelected(null);
                    },
                  }),
              })
            }
          >
            Delete
          </button>
        </div>
      ),
    },
  ];

  const error = update.error ?? remove.error ?? test.error;
  return (
    <>
      <section className="panel">
        <h2>New subscription</h2>
        <CreateWebhookForm
          onCreated={(c) => {
            setCreated(c);
            setSelected(c.id);
          }}
        />
        {created && (
          <SecretOnce url={created.url} secret={created.secret} onDone={() => setCreated(null)} />
        )}
      </section>
      <section className="panel">
        <h2>Subscriptions</h2>
        {pending && (
          <ConfirmBox
            action={pending}
            busy={remove.isPending}
            danger
            onCancel={() => setPending(null)}
          />
        )}
        {error && (
          <p className="error" role="alert">
            {error.message}
          </p>
        )}
        {test.data && (
          <p role="status" className="muted">
            Test event {test.data.eventId} queued (delivery #{test.data.deliveryId}): its result
            appears in the history below.
          </p>
        )}
        <DataTable
          label="Webhook subscriptions"
          columns={columns}
          rows={subscriptions.data}
          rowKey={(s) => s.id}
          status={subscriptions}
          emptyText="No subscriptions yet: add one above."
        />
      </section>
      {shown && <DeliveryHistory key={shown.id} id={shown.id} url={shown.url} />}
    </>
  );
}
