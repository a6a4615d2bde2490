import type { Page } from '@playwright/test';
import { test, expect, login, type A11y } from '../fixtures';

// The pages around cases that are not the queue: settings, daily registry, undelivered mail.

async function visit(page: Page, a11y: A11y, path: string, heading: string | RegExp): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await a11y.check(path);
}

test('the URP manager sets terms and closing days; the pages pass axe', async ({ page, a11y }) => {
  await login(page, 'manager');
  await visit(page, a11y, '/staff/admin/termini', 'Termini e calendario');
  // A bad closing day: the form comes back with the messages, still accessible.
  await page.getByRole('button', { name: 'Aggiungi' }).click();
  await expect(page.locator('#error-summary')).toBeVisible();
  await a11y.check('/staff/admin/termini (error)');
  await page.getByLabel(/^Giorno/).fill('2030-12-24');
  await page.getByLabel(/^Motivo/).fill('Vigilia di Natale');
  await page.getByRole('button', { name: 'Aggiungi' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Vigilia di Natale' })).toContainText('24/12/2030');
  await expect(page.getByText('Modifiche salvate.')).toBeVisible();
  await a11y.check('/staff/admin/termini (saved)');
});

test('the daily registry and the undelivered mail pass axe', async ({ page, a11y }) => {
  await login(page, 'frontOffice');
  await visit(page, a11y, '/staff/registro-protocollo', 'Registro giornaliero di protocollo');
  await visit(page, a11y, '/staff/posta', 'Posta non recapitata');
});
