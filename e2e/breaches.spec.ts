import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { signInAs } from './signIn';

// 60 ended ir-12h breaches from two to three days ago, in the e2e database (e2e/serve.mts):
// older than the default 24 h, so only a longer period shows them, over two pages of 50.
const COUNT = 60;

test.beforeAll(async () => {
  // A connection of its own: the specs share one worker, and with it lib/db's pool.
  const client = new pg.Client({
    connectionString: readFileSync(
      fileURLToPath(new URL('.tmp/database-url', import.meta.url)),
      'utf8',
    ).trim(),
  });
  await client.connect();
  await client.query(
    `INSERT INTO breaches (ts, rule, severity, "window", observed, stage_before, stage_after,
                           action, ended_at)
     SELECT t, 'ir-12h', 'major', '720m',
            jsonb_build_object('threshold', 0.3, 'value@1d', 0.1 + i / 1000.0, 'n@1d', 60),
            'preview', 'preview', 'none', t + interval '30 seconds'
     FROM generate_series(0, $1 - 1) AS i,
          LATERAL (SELECT now() - interval '3 days' + i * interval '1 minute' AS t) AS at`,
    [COUNT],
  );
  await client.end();
});

test('a viewer filters the breach history, pages back, and the URL keeps both', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Breaches' }).click();
  await page.getByLabel('Period').selectOption('7d');
  await page.getByLabel('Rule').selectOption('ir-12h');
  await expect(page).toHaveURL(/period=7d/);
  await expect(page).toHaveURL(/rule=ir-12h/);
  const rows = page.getByRole('table', { name: 'Breaches' }).getByRole('row');
  await expect(rows).toHaveCount(1 + 50); // header + a page
  await expect(rows.nth(1)).toContainText('ir-12h');

  await page.getByRole('button', { name: 'Older' }).click();
  await expect(page).toHaveURL(/cursor=\d+/);
  await expect(rows).toHaveCount(1 + (COUNT - 50));
  await expect(page.getByRole('button', { name: 'Older' })).toBeDisabled();

  // A reload shows the same page with the same filters.
  await page.reload();
  await expect(page.getByLabel('Rule')).toHaveValue('ir-12h');
  await expect(page.getByLabel('Period')).toHaveValue('7d');
  await expect(rows).toHaveCount(1 + (COUNT - 50));

  // Back returns to the newer page; a filter change starts at the newest page again.
  await page.goBack();
  await expect(rows).toHaveCount(1 + 50);
  await expect(page).not.toHaveURL(/cursor=/);
  await page.getByRole('button', { name: 'Older' }).click();
  await expect(page).toHaveURL(/cursor=/);
  await page.getByLabel('Window').selectOption('15m');
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page.getByText('No breaches in the last 7d matching the filter.')).toBeVisible();
});
