import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LINKS } from '../components/layout/navLinks';
import { signInAs } from './signIn';

// Every page of the top bar (components/layout/navLinks.ts), signed in as admin: no serious or
// critical axe violation in the dark and the light theme, and nothing wider than a phone.

const PHONE = { width: 390, height: 844 };

async function settle(page: Page, href: string) {
  await page.goto(href);
  await expect(page.locator('main h1').first()).toBeVisible();
  // Let the first data arrive (the panels' Loading… states are not what a person reads).
  await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 15_000 });
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      first: v.nodes[0]?.target.join(' '),
    }));
}

test.describe('every page', () => {
  test.setTimeout(240_000);

  // One test per page and theme: axe on a page of thousands of rows takes its time.
  for (const scheme of ['dark', 'light'] as const) {
    for (const link of LINKS) {
      test(`${link.href} passes axe (no serious or critical violations), ${scheme} theme`, async ({
        page,
      }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await signInAs(page, 'admin');
        await settle(page, link.href);
        const violations = await seriousViolations(page);
        console.log(`axe ${scheme} ${link.href}: ${JSON.stringify(violations)}`);
        expect(violations).toEqual([]);
      });
    }
  }

  test('fits a 390 px phone screen, with the links behind a menu', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signInAs(page, 'admin');
    const wide: Record<string, number> = {};
    for (const link of LINKS) {
      await settle(page, link.href);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) wide[link.href] = width;
    }
    expect(wide).toEqual({});

    // The menu: closed, opened by its button, closed by Esc (focus back on the button).
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('link', { name: 'Breaches' })).toBeHidden();
    await menu.click();
    await expect(page.getByRole('button', { name: 'Close menu' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    await expect(page.getByRole('link', { name: 'Breaches' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('link', { name: 'Breaches' })).toBeHidden();
    await expect(menu).toBeFocused();
    // A link followed closes the menu.
    await menu.click();
    await page.getByRole('link', { name: 'Breaches' }).click();
    await expect(page).toHaveURL(/\/breaches/);
    await expect(page.getByRole('link', { name: 'SLOs' })).toBeHidden();
  });

  test('has its own title, a skip link and a favicon', async ({ page, request }) => {
    await signInAs(page, 'admin');
    const titles = new Set<string>();
    for (const link of LINKS) {
      await page.goto(link.href);
      const title = await page.title();
      expect(title).toMatch(/ · Fusion Ops$/);
      titles.add(title);
    }
    expect(titles.size).toBe(LINKS.length);

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();

    const icon = await request.get('/favicon.ico');
    expect(icon.ok()).toBe(true);
    expect(icon.headers()['content-type']).toContain('image/svg');
  });
});
