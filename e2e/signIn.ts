import { expect, type Page } from '@playwright/test';
import type { Role } from '../lib/auth/roles';
import { TEST_PASSWORD, TEST_USERS } from '../test/support/users';

export async function signInAs(page: Page, role: Role): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(TEST_USERS[role]);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The password check is deliberately slow (a memory-hard hash): more than the default 5 s on
  // a busy machine.
  await expect(page.getByTestId('whoami')).toContainText(role, { timeout: 15_000 });
}
