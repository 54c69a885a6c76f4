import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect as baseExpect, test } from '@playwright/test';
import { verifySignature } from '../lib/domain/webhooks';
import { DATED_TIME } from './patterns';
import { signInAs } from './signIn';

// An admin subscribes a local receiver (started here, node:http on port 0), sees the signing
// secret once, sends a test event and sees it delivered in the history; the receiver checks
// the signature with that secret. The e2e server's own workers deliver it.
test.setTimeout(180_000);
const expect = baseExpect.configure({ timeout: 30_000 });

const received: { headers: IncomingHttpHeaders; body: string; at: number }[] = [];
let receiver: Server;
let url: string;

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Math.floor(Date.now() / 1000),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook-${Date.now()}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

test('an admin subscribes a receiver, sees the secret once, and a test is delivered', async ({
  page,
}) => {
  await signInAs(page, 'admin');
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();

  const form = page.getByRole('form', { name: 'Create webhook subscription' });
  await form.getByLabel('URL').fill(url);
  await form.getByLabel('Description').fill('e2e receiver');
  await form.getByRole('button', { name: 'Create subscription' }).click();

  const shown = page.getByRole('status', { name: 'Signing secret' });
  await expect(shown).toContainText('it is not shown again');
  const secret = (await shown.getByTestId('webhook-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await shown.getByRole('button', { name: 'I have stored it' }).click();
  await expect(shown).toBeHidden();

  // Listed with the secret's last 4 characters only.
  const table = page.getByRole('table', { name: 'Webhook subscriptions' });
  const row = table.getByRole('row').filter({ hasText: url });
  await expect(row).toContainText(`…${secret.slice(-4)}`);
  await expect(row).toContainText('active');
  await expect(page.getByText(secret)).toHaveCount(0);

  await row.getByRole('button', { name: 'Send test' }).click();
  await expect(page.getByText(/Test event .* queued/)).toBeVisible();
  const history = page.getByRole('table', { name: 'Webhook deliveries' });
  const delivered = history.getByRole('row').filter({ hasText: 'test' });
  await expect(delivered).toContainText('delivered');
  await expect(delivered).toContainText('204');
  // Times carry their date and zone.
  await expect(delivered).toContainText(DATED_TIME);

  // The receiver got it, signed with the secret shown once.
  const test = received.find((r) => JSON.parse(r.body).type === 'test');
  expect(test).toBeDefined();
  expect(
    verifySignature({
      secret,
      header: test!.headers['x-fusionops-signature'] as string,
      body: test!.body,
      nowSeconds: test!.at,
    }).ok,
  ).toBe(true);

  // Reloaded, the secret is nowhere.
  await page.reload();
  await expect(table.getByRole('row').filter({ hasText: url })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);

  // Delete asks first, saying what changes.
  await table
    .getByRole('row')
    .filter({ hasText: url })
    .getByRole('button', { name: 'Delete' })
    .click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('its delivery history is deleted');
  await confirm.getByRole('button', { name: 'Delete subscription' }).click();
  await expect(table.getByRole('row').filter({ hasText: url })).toHaveCount(0);
});
