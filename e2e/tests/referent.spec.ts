import { test, expect, login } from '../fixtures';

// An office referent ("Ufficio Tributi") edits only their own office.

test.describe('office referent', () => {
  test.beforeEach(async ({ page }) => {
    await login(page, 'referent');
  });

  test('sees the office list and opens the Tributi office', async ({ page, a11y }) => {
    await page.goto('/staff/admin/uffici');
    await expect(page.getByRole('heading', { level: 1, name: 'Uffici' })).toBeVisible();
    const table = page.getByRole('table');
    await expect(table.getByRole('rowheader').first()).toBeVisible();
    // Only their own office is a link; the others are plain text.
    await expect(table.getByRole('link')).toHaveCount(1);
    await expect(page.getByRole('link', { name: 'Nuovo ufficio' })).toHaveCount(0);
    await a11y.check('/staff/admin/uffici (referent)');

    await table.getByRole('link', { name: 'Ufficio Tributi' }).click();
    await expect(page).toHaveURL(/\/staff\/admin\/uffici\/\d+$/);
    await expect(page.getByLabel(/^Nome/)).toHaveValue('Ufficio Tributi');
    await expect(page.getByRole('button', { name: "Elimina l'ufficio" })).toHaveCount(0);
    await a11y.check('/staff/admin/uffici/{tributi} (referent)');
  });

  test('cannot open another office', async ({ page }) => {
    await page.goto('/uffici');
    const href = await page.getByRole('main').getByRole('link', { name: /Anagrafe/ }).getAttribute('href');
    const id = href!.split('/').pop();
    const response = await page.goto(`/staff/admin/uffici/${id}`);
    expect(response?.status()).toBe(403);
  });

  test('gets the 403 page on the user list, and it passes axe', async ({ page, a11y }) => {
    const response = await page.goto('/staff/admin/utenti');
    expect(response?.status()).toBe(403);
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    await expect(page.getByRole('heading', { level: 1, name: 'Accesso non consentito' })).toBeVisible();
    await expect(page.getByText('Non hai i permessi per vedere questa pagina')).toBeVisible();
    await a11y.check('/staff/admin/utenti (403)');
  });
});
