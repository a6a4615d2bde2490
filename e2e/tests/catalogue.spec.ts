import type { Locator, Page } from '@playwright/test';
import { test, expect, login, type A11y } from '../fixtures';

// The service catalogue, a service's request form built from its definition, the forms
// library, and the back-office editors of both.

async function visit(page: Page, a11y: A11y, path: string, heading: string | RegExp): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await a11y.check(path);
}

async function tick(box: Locator): Promise<void> {
  await box.focus();
  await box.press('Space');
  await expect(box).toBeChecked();
}

test('the public catalogue, a service page and the forms library pass axe', async ({ page, a11y }) => {
  await visit(page, a11y, '/procedimenti', 'Procedimenti');
  await page.getByRole('link', { name: 'Permesso di transito nella ZTL' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Permesso di transito nella ZTL' })).toBeVisible();
  await expect(page.getByText('30 giorni di calendario')).toBeVisible();
  await a11y.check('/procedimenti/permesso-ztl');
  await visit(page, a11y, '/modulistica', 'Modulistica');
  await page.getByRole('searchbox', { name: 'Cerca nei moduli' }).fill('ZTL');
  await page.getByRole('button', { name: 'Filtra' }).click();
  await expect(page.getByRole('status')).toHaveText('1 modulo');
  await a11y.check('/modulistica?q=ZTL');
  await page.getByRole('link', { name: 'Domanda di permesso di transito nella ZTL' }).click();
  await expect(page.getByText('Impronta SHA-256').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Versioni precedenti' })).toBeVisible();
  await a11y.check('/modulistica/{id}');
});

test('a service request: the form from the definition, errors, summary and receipt', async ({ page, a11y }) => {
  await visit(page, a11y, '/procedimenti/permesso-ztl/richiesta', 'Richiesta: Permesso di transito nella ZTL');
  await page.getByRole('button', { name: 'Avanti: riepilogo' }).click();
  await expect(page.locator('#error-summary')).toBeVisible();
  await expect(page.locator('#error-summary')).toContainText('Targa del veicolo: Campo obbligatorio.');
  await a11y.check('/procedimenti/permesso-ztl/richiesta (errors)');
  await page.getByLabel(/^Targa del veicolo/).fill('AB123CD');
  await page.getByLabel(/^Tipo di veicolo/).selectOption('auto');
  await page.getByLabel(/^Motivo della richiesta/).selectOption('residente');
  await page.getByLabel(/^Descrivi la richiesta/).fill('Abito in via del Duomo 4.');
  await page.getByLabel(/^Nome/).fill('Lucia');
  await page.getByLabel(/^Cognome/).fill('Ferri');
  await page.getByLabel(/^E-mail/).fill('lucia.ferri@example.org');
  await tick(page.locator('#f-privacy'));
  await page.getByRole('button', { name: 'Avanti: riepilogo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Riepilogo della richiesta' })).toBeVisible();
  await expect(page.getByText('Autovettura')).toBeVisible();
  await a11y.check('/procedimenti/permesso-ztl/richiesta (summary)');
  await page.getByRole('button', { name: 'Conferma e invia' }).click();
  await expect(page).toHaveURL(/\/ricevuta\//);
  await expect(page.getByText('Polizia Locale').first()).toBeVisible();
});

test('the back office edits the catalogue and the forms library; the pages pass axe', async ({ page, a11y }) => {
  await login(page, 'backOffice');
  await visit(page, a11y, '/staff/catalogo/servizi', 'Catalogo dei servizi');
  await page.getByRole('link', { name: 'Permesso di transito nella ZTL' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Campi della richiesta' })).toBeVisible();
  await a11y.check('/staff/catalogo/servizi/{id}');
  await visit(page, a11y, '/staff/catalogo/servizi/nuovo', 'Nuovo servizio');
  // An order clash and an empty list: refused field by field, still accessible.
  await page.locator('#f-f0_code').fill('primo');
  await page.locator('#f-f0_label').fill('Primo campo');
  await page.locator('#f-f1_code').fill('secondo');
  await page.locator('#f-f1_label').fill('Secondo campo');
  await page.locator('#f-f1_order').fill('1');
  await page.locator('#f-f1_datatype').selectOption('singlevaluelist');
  await page.getByRole('button', { name: 'Salva' }).click();
  await expect(page.locator('#error-summary')).toContainText('Questo ordine è già usato da un altro campo.');
  await expect(page.locator('#error-summary')).toContainText('Una lista deve avere almeno un valore.');
  await a11y.check('/staff/catalogo/servizi/nuovo (errors)');

  await visit(page, a11y, '/staff/catalogo/moduli', 'Modulistica');
  await expect(page.getByText('Da rivedere').first()).toBeVisible();
  await page.getByRole('link', { name: 'Domanda di permesso di transito nella ZTL' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Carica una nuova versione' })).toBeVisible();
  await a11y.check('/staff/catalogo/moduli/{id}');
  await visit(page, a11y, '/staff/catalogo/moduli/nuovo', 'Nuovo modulo');
  await page.getByRole('button', { name: 'Salva' }).click();
  await expect(page.locator('#error-summary')).toContainText('Scegli il file da caricare.');
  await a11y.check('/staff/catalogo/moduli/nuovo (errors)');
});

test('the desk opens a case for a service with its fields; the page passes axe', async ({ page, a11y }) => {
  await login(page, 'frontOffice');
  await visit(page, a11y, '/staff/casi/nuovo', 'Nuova pratica');
  await page.getByLabel('Servizio del catalogo').selectOption({ label: 'Riduzioni e agevolazioni TARI' });
  await page.getByRole('button', { name: 'Carica i campi del servizio' }).click();
  await expect(page.getByText('Compostaggio domestico')).toBeVisible();
  await a11y.check('/staff/casi/nuovo?servizio=riduzione-tari');
});

test('notices: the public Novità pages and the editor pass axe', async ({ page, a11y }) => {
  await visit(page, a11y, '/novita', 'Novità');
  await page.getByRole('link', { name: /ZTL del centro storico/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /ZTL del centro storico/ })).toBeVisible();
  await a11y.check('/novita/{id}');
  await login(page, 'backOffice');
  await visit(page, a11y, '/staff/catalogo/avvisi', 'Avvisi e notizie');
  await expect(page.getByRole('cell', { name: 'Programmato' })).toBeVisible();
  await visit(page, a11y, '/staff/catalogo/avvisi/nuovo', 'Nuovo avviso');
  await page.getByRole('button', { name: 'Salva' }).click();
  await expect(page.locator('#error-summary')).toBeVisible();
  await a11y.check('/staff/catalogo/avvisi/nuovo (errors)');
});
