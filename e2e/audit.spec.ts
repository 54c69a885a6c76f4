import { DATED_TIME } from './patterns';
import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';
import { SPX_SCORE_BODY as spx } from './fixtures';

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

  // The canary scores too: each score is found by its own request id, not by its place.
  const scoreAndFind = async () => {
    const scored = await page.request.post('/api/ml/score', { data: spx });
    expect(scored.status()).toBe(200);
    const body = (await scored.json()) as { requestId: string; decision: number };
    const audit = await page.request.get(
      `/api/audit?action=ml.score&q=${encodeURIComponent(body.requestId)}&limit=5`,
    );
    const { items } = (await audit.json()) as { items: { id: string }[] };
    expect(items).toHaveLength(1);
    return { ...body, auditId: items[0]!.id };
  };
  const first = await scoreAndFind();

  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const popover = page.getByRole('dialog', { name: 'Recent scores' });
  const item = popover.getByRole('listitem').filter({
    has: page.getByTestId(`recent-${first.auditId}`),
  });
  await expect(item).toContainText('SPX 1d');
  await expect(item).toContainText(/guardrails (pass|warn|fail)/);
  await expect(item).toContainText(/advisory \(preview\)|live/);
  await expect(item).toContainText(DATED_TIME);
  await expect(item).toContainText(
    first.decision > 0 ? '+1 long' : first.decision < 0 ? '−1 short' : '0 flat',
  );

  // Esc closes it and gives focus back to the button.
  await page.keyboard.press('Escape');
  await expect(popover).toHaveCount(0);
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  // A score while closed: the badge counts it (with whatever the canary added meanwhile).
  const second = await scoreAndFind();
  await page.reload();
  await expect(page.getByTestId('recent-badge')).toHaveText(/^[1-9]\d*\+?$/);

  await page.getByRole('button', { name: /Recent scores/ }).click();
  await expect(page.getByTestId('recent-badge')).toHaveCount(0);
  const link = page.getByTestId(`recent-${second.auditId}`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?id=${second.auditId}`));
  const row = page.getByTestId(`audit-${second.auditId}`);
  await expect(row).toBeVisible();
  await expect(row.locator('details')).toHaveAttribute('open');
  await expect(row.locator('pre')).toContainText(second.requestId);
  await expect(page.getByText(`Showing entry #${second.auditId} only.`)).toBeVisible();
});
