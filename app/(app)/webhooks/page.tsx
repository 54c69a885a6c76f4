import { requirePageSession } from '@/lib/auth/session';
import { WebhookAdmin } from '@/components/webhooks/WebhookAdmin';

export const metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  await requirePageSession('admin');
  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">
        Signed notifications of breaches, rollbacks, stage changes, auto-pauses, dead-letter queues
        above 2 and proposed candidates, sent through a queue with retries (see the README for how a
        receiver verifies them).
      </p>
      <WebhookAdmin />
    </>
  );
}
