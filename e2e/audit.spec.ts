import { DATED_TIME } from './patterns';
import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

const spx = {
  feature: {
    ts: '2020-04-17T04:00:00.000Z',
    symbol: 'SPX',
    tf: '1d',
    o: 2842.43,
    h: 2879.22,
    l: 2830.88,
    c: 2874.56,
    v: 5792140000,
  },
};

test('a viewer filters the audit log and expands an entry', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Audit log' });
  const rows = table.getByRole('row');
  // The seeded users' sign-ins at least (e2e/serve.mts and every spec's sign-in).
  await expect(rows.nth(1)).toBeVisible();
  await expect(page).toHaveTitle(/Audit log/);

  await page.getByLabel('Action').fill('auth.signin');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/action=auth.signin/);
  await expect(rows.nth(1).getByRole('cell').nth(1)).toHaveText('auth.signin');
  await expect(table.getByRole('cell', { name: 'auth.signin_failed' })).toHaveCount(0);
  // Time with date and zone.
  await expect(rows.nth(1).getByRole('cell').first()).toContainText(DATED_TIME);

  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('From (UTC)').fill(today);
  await expect(page).toHaveURL(new RegExp(`from=${today}`));
  await page.getByLabel('Text in details').fill('no such text at all');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('No entries match the filter.')).toBeVisible();
  await page.getByLabel('Text in details').fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(rows.nth(1)).toBeVisible();

  // Expanding an entry shows its whole JSON.
  const first = rows.nth(1);
  const details = first.locator('details');
  await expect(details).not.toHaveAttribute('open');
  await first.locator('summary').click();
  await expect(details).toHaveAttribute('open');
  await expect(first.locator('pre')).toContainText('{');
});

test('an operator sees a new score in RecentActions and its link opens the entry', async ({
  page,
}) => {
  await signInAs(page, 'operator');
  const button = page.getByRole('button', { name: /Recent scores/ });
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  const scored = await page.request.post('/api/ml/score', { data: spx });
  expect(scored.status()).toBe(200);
  const { requestId, decision } = (await scored.json()) as { requestId: string; decision: number };

  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const popover = page.getByRole('dialog', { name: 'Recent scores' });
  const item = popover.getByRole('listitem').first();
  await expect(item).toContainText('SPX 1d');
  await expect(item).toContainText(/guardrails (pass|warn|fail)/);
  await expect(item).toContainText(/advisory \(preview\)|live/);
  await expect(item).toContainText(DATED_TIME);
  await expect(item).toContainText(decision > 0 ? '+1 long' : decision < 0 ? '−1 short' : '0 flat');

  // Esc closes it and gives focus back to the button.
  await page.keyboard.press('Escape');
  await expect(popover).toHaveCount(0);
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  // A second score while closed: the badge counts it.
  expect((await page.request.post('/api/ml/score', { data: spx })).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('recent-badge')).toHaveText('1');

  await page.getByRole('button', { name: /Recent scores/ }).click();
  await expect(page.getByTestId('recent-badge')).toHaveCount(0);
  const link = page.getByRole('dialog', { name: 'Recent scores' }).getByRole('link').nth(1);
  const href = await link.getAttribute('href');
  const id = href!.match(/id=(\d+)/)![1]!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?id=${id}`));
  const row = page.getByTestId(`audit-${id}`);
  await expect(row).toBeVisible();
  await expect(row.locator('details')).toHaveAttribute('open');
  await expect(row.locator('pre')).toContainText(requestId);
  await expect(page.getByText(`Showing entry #${id} only.`)).toBeVisible();
});
