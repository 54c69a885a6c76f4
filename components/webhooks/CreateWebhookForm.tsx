'use client';

import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEvent } from '@/lib/domain/webhooks';
import { useCreateWebhook } from '@/lib/hooks/useWebhooks';

/** Subscribes a URL to events; the created subscription and its secret go to `onCreated`. */
export function CreateWebhookForm({
  onCreated,
}: {
  onCreated: (created: { id: string; url: string; secret: string }) => void;
}) {
  const create = useCreateWebhook();
  return (
    <form
      aria-label="Create webhook subscription"
      onSubmit={(event) => {
        event.preventDefault();
        const formElement = event.currentTarget;
        const form = new FormData(formElement);
        create.mutate(
          {
            url: String(form.get('url')),
            description: String(form.get('description') ?? ''),
            events: form.getAll('events').map((e) => String(e) as WebhookEvent),
          },
          {
            onSuccess: (reply) => {
              formElement.reset();
              onCreated({
                id: reply.subscription.id,
                url: reply.subscription.url,
                secret: reply.secret,
              });
            },
          },
        );
      }}
    >
      <div className="row">
        <label style={{ flex: '1 1 18rem' }}>
          URL
          <input
            name="url"
            type="url"
            required
            placeholder="https://hooks.example.com/fusion-ops"
            style={{ width: '100%' }}
          />
        </label>
        <label style={{ flex: '1 1 12rem' }}>
          Description
          <input name="description" maxLength={200} style={{ width: '100%' }} />
        </label>
      </div>
      <fieldset style={{ margin: '0.75rem 0' }}>
        <legend>Events</legend>
        <div className="row">
          {WEBHOOK_EVENTS.filter((e) => e !== 'test').map((e) => (
            <label key={e} title={WEBHOOK_EVENT_LABELS[e]} style={{ marginBottom: 0 }}>
              <input
                type="checkbox"
                name="events"
                value={e}
                defaultChecked={e !== 'candidate_proposed'}
                style={{ display: 'inline', width: 'auto', marginTop: 0 }}
              />{' '}
              {e}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create subscription'}
      </button>
      {create.error && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
