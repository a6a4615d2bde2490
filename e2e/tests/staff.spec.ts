import type { Page } from '@playwright/test';
import { test, expect, login, ENTE, type A11y } from '../fixtures';

// Every staff screen, as the administrator, passes axe.

async function visit(page: Page, a11y: A11y, path: string, heading: string | RegExp): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('banner').getByText(ENTE, { exact: true })).toBeVisible();
  await a11y.check(path);
}

test.describe('staff area (admin)', () => {
  test.beforeEach(async ({ page }) => {
    await login(page, 'admin');
  });

  test('home and password pages pass axe', async ({ page, a11y }) => {
    await visit(page, a11y, '/staff', /Area riservata/);
    await page.getByRole('link', { name: 'Cambia password' }).click();
    await expect(page).toHaveURL(/\/staff\/password$/);
    await visit(page, a11y, '/staff/password', 'Cambia password');
  });

  test('tenant page passes axe', async ({ page, a11y }) => {
    await visit(page, a11y, '/staff/admin/ente', "Dati dell'ente");
    await expect(page.getByLabel(/Nome dell'ente/)).toHaveValue(ENTE);
  });

  test('offices: list, new form, edit form pass axe', async ({ page, a11y }) => {
    await visit(page, a11y, '/staff/admin/uffici', 'Uffici');
    await page.getByRole('link', { name: 'Nuovo ufficio' }).click();
    await expect(page).toHaveURL(/\/staff\/admin\/uffici\/nuovo$/);
    await visit(page, a11y, '/staff/admin/uffici/nuovo', 'Nuovo ufficio');

    await page.goto('/staff/admin/uffici');
    await page.getByRole('table').getByRole('link', { name: 'Ufficio Tributi' }).click();
    await expect(page).toHaveURL(/\/staff\/admin\/uffici\/\d+$/);
    await expect(page.getByLabel(/^Nome/)).toHaveValue('Ufficio Tributi');
    await a11y.check('/staff/admin/uffici/{id}');
  });

  test('new office submitted empty shows the errors and passes axe', async ({ page, a11y }) => {
    await page.goto('/staff/admin/uffici/nuovo');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/staff/admin/uffici')),
      page.getByRole('button', { name: 'Salva' }).click(),
    ]);
    expect(response.status()).toBe(422);
    const summary = page.getByRole('alert');
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('heading', { name: 'Il modulo contiene errori: correggi i campi indicati.' })).toBeVisible();
    await expect(summary.getByRole('link').first()).toBeVisible();
    const name = page.getByLabel(/^Nome/);
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#e-name')).toHaveText('Campo obbligatorio.');
    // The summary's link leads to the field.
    await summary.getByRole('link').first().click();
    await expect(page).toHaveURL(/#f-name$/);
    await a11y.check('/staff/admin/uffici/nuovo (errors)');
  });

  test('users: list, new form, edit form pass axe', async ({ page, a11y }) => {
    await visit(page, a11y, '/staff/admin/utenti', 'Utenti');
    await page.getByRole('link', { name: 'Nuovo utente' }).click();
    await expect(page).toHaveURL(/\/staff\/admin\/utenti\/nuovo$/);
    await visit(page, a11y, '/staff/admin/utenti/nuovo', 'Nuovo utente');

    await page.goto('/staff/admin/utenti');
    await page.getByRole('table').getByRole('rowheader').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/staff\/admin\/utenti\/\d+$/);
    await expect(page.getByRole('group', { name: 'Ruoli' })).toBeVisible();
    await a11y.check('/staff/admin/utenti/{id}');
  });

  test('topics: list and edit form pass axe', async ({ page, a11y }) => {
    await visit(page, a11y, '/staff/admin/argomenti', 'Argomenti');
    await page.getByRole('table').getByRole('rowheader').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/staff\/admin\/argomenti\/\d+$/);
    await expect(page.getByRole('heading', { name: 'Modifica argomento' })).toBeVisible();
    await a11y.check('/staff/admin/argomenti/{id}');
  });

  test('channels and audit log pass axe', async ({ page, a11y }) => {
    await visit(page, a11y, '/staff/admin/canali', 'Canali di contatto');
    await visit(page, a11y, '/staff/admin/registro', 'Registro delle modifiche');
  });

  test('the staff menu reaches every admin screen', async ({ page }) => {
    await page.goto('/staff');
    const nav = page.getByRole('navigation', { name: 'Menu principale' });
    for (const [name, url] of [
      ["Dati dell'ente", /\/staff\/admin\/ente$/],
      ['Uffici', /\/staff\/admin\/uffici$/],
      ['Utenti', /\/staff\/admin\/utenti$/],
      ['Argomenti', /\/staff\/admin\/argomenti$/],
    ] as const) {
      await nav.getByRole('link', { name, exact: true }).click();
      await expect(page).toHaveURL(url);
    }
  });
});
