import type { Page } from '@playwright/test';
import { test, expect, ENTE, type A11y } from '../fixtures';

// The public portal: every page carries the Designers Italia shell (ente name,
// login link, legal footer links, skip link, "Torna su") and passes axe.

const PAGES: Array<{ path: string; heading: RegExp | string }> = [
  { path: '/', heading: ENTE },
  { path: '/uffici', heading: 'Uffici' },
  { path: '/argomenti', heading: 'Argomenti' },
  { path: '/cerca?q=anagrafe', heading: 'Cerca nel sito' },
  { path: '/privacy', heading: 'Informativa privacy' },
  { path: '/accessibilita', heading: 'Dichiarazione di accessibilità' },
  { path: '/note-legali', heading: 'Note legali' },
  { path: '/crediti', heading: 'Crediti e licenze' },
];

async function expectPortalShell(page: Page, a11y: A11y): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  const header = page.getByRole('banner');
  await expect(header.getByText(ENTE, { exact: true })).toBeVisible();
  await expect(header.locator('a[data-element="personal-area-login"]')).toHaveAttribute('href', '/accedi');
  await expect(header.getByRole('link', { name: 'Accedi' })).toBeVisible();

  const footer = page.getByRole('contentinfo');
  await expect(footer.getByRole('link', { name: 'Informativa privacy' })).toHaveAttribute('data-element', 'privacy-policy-link');
  await expect(footer.getByRole('link', { name: 'Dichiarazione di accessibilità' })).toHaveAttribute('data-element', 'accessibility-link');
  await expect(footer.getByRole('link', { name: 'Note legali' })).toHaveAttribute('data-element', 'legal-notes');
  await expect(footer.getByRole('link', { name: 'Torna su' })).toHaveAttribute('href', '#top');

  // The skip link is the first thing the keyboard reaches, and it becomes visible.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Vai al contenuto principale' });
  await expect(skip).toBeFocused();
  await expect(skip).toHaveAttribute('href', '#main-container');
  await expect(skip).toBeVisible();
  await expect(page.locator('#main-container')).toHaveCount(1);

  await a11y.check();
}

test.describe('portal', () => {
  for (const { path, heading } of PAGES) {
    test(`${path} has the portal shell and passes axe`, async ({ page, a11y }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expectPortalShell(page, a11y);
    });
  }

  test('/uffici/{id} (opened from the list) has the portal shell and passes axe', async ({ page, a11y }) => {
    await page.goto('/uffici');
    const main = page.getByRole('main');
    const link = main.getByRole('link', { name: 'Ufficio Tributi' });
    await link.click();
    await expect(page).toHaveURL(/\/uffici\/\d+$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Ufficio Tributi' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Competenze' })).toBeVisible();
    await expectPortalShell(page, a11y);
  });

  test('search for "anagrafe" finds the registry office', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Cosa stai cercando?').fill('anagrafe');
    await page.getByRole('main').getByRole('button', { name: 'Cerca' }).click();
    await expect(page).toHaveURL(/\/cerca\?q=anagrafe/);
    await expect(page.getByRole('status')).toHaveText(/risultat[oi] per «anagrafe»\./);
    await expect(page.getByRole('main').getByRole('link', { name: /Anagrafe e Stato civile/ })).toBeVisible();
  });

  test('an unknown path gets the 404 page, with the shell, passing axe', async ({ page, a11y }) => {
    const response = await page.goto('/questa-pagina-non-esiste');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Pagina non trovata' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Torna alla pagina iniziale' })).toHaveAttribute('href', '/');
    await expectPortalShell(page, a11y);
  });

  test('the "EN" switch turns the page into English', async ({ page, a11y }) => {
    await page.goto('/uffici');
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    await page.getByRole('banner').getByRole('link', { name: 'EN', exact: true }).click();
    await expect(page).toHaveURL(/\/uffici$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Offices' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toHaveAttribute('href', '#main-container');
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Back to top' })).toBeVisible();
    await a11y.check('/uffici (English)');

    // The choice sticks, and switching back restores Italian.
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('banner').getByRole('link', { name: 'IT', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  });
});
