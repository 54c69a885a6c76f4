import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

test('a viewer finds POST /api/ml/score in the API docs, with its body fields', async ({
  page,
}) => {
  // Sign-in and a production server on a shared CI machine: room beyond the default 30 s.
  test.slow();
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'API docs' }).click();
  await expect(page).toHaveURL(/\/api-docs$/);
  await expect(page).toHaveTitle(/^API docs/);
  await expect(page.getByRole('heading', { name: 'API docs', level: 1 })).toBeVisible();
  await expect(page.getByText(/OpenAPI 3\.1\.\d · \d+ operations/)).toBeVisible();

  // Grouped by feature: the scoring section holds the single and the batch route.
  const scoring = page.getByRole('region', { name: 'score' });
  await expect(scoring.getByTestId(/^operation /)).toHaveCount(2);

  const filter = page.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('ml/score');
  const score = page.getByTestId('operation POST /api/ml/score');
  await expect(score).toBeVisible();
  await expect(score).toContainText('operator · score');
  await score.locator('summary').click();

  const body = score.getByRole('table', { name: 'application/json' }).first();
  await expect(body).toBeVisible();
  for (const field of [
    'modelId',
    'feature',
    'ts',
    'symbol',
    'tf',
    'o',
    'h',
    'l',
    'c',
    'v',
    'rsi_14',
  ])
    // A required field carries a red asterisk.
    await expect(body.getByRole('cell', { name: new RegExp(`^${field}( \\*)?$`) })).toBeVisible();
  // ts takes an ISO time or epoch milliseconds; tf one of the timeframes.
  await expect(body.getByRole('row', { name: /^ts \*/ })).toContainText(
    'string (date-time) | integer',
  );
  await expect(body.getByRole('row', { name: /^tf \*/ })).toContainText('"1d"');
  await expect(score).toContainText('429');
  await expect(score).toContainText('retryAfter');

  // A filter matching nothing says so.
  await filter.fill('no such endpoint');
  await expect(page.getByText('No operation matches')).toBeVisible();
});

test('the API docs fit a phone: 390 px wide, tables scroll inside their panel', async ({
  page,
}) => {
  test.slow();
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, 'viewer');
  await page.goto('/api-docs');
  const batch = page.getByTestId('operation POST /api/ml/score/batch');
  await batch.locator('summary').click();
  await expect(batch.getByRole('table').first()).toBeVisible();
  await page.getByTestId('operation GET /api/predictions').locator('summary').click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
