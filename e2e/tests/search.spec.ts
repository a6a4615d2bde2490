import { test, expect, login } from '../fixtures';

// Search: the portal's "Cerca nel sito" (empty query, results with highlighted words,
// filters), the front office's search as you type, the synonym editor and the content-gap
// report. Every page passes axe.

test.describe('portal search', () => {
  test('empty query lists the most consulted sheets; a query finds sheets with highlights', async ({ page, a11y }) => {
    await page.goto('/cerca');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cerca nel sito');
    await expect(page.getByRole('status')).toHaveText('Le schede più consultate');
    await expect(page.getByRole('main').locator('a[href^="/servizi/"]').first()).toBeVisible();
    await a11y.check('/cerca (empty)');

    await page.getByLabel('Cosa stai cercando?').fill('tassa spazzatura');
    await page.getByRole('main').getByRole('button', { name: 'Cerca' }).click();
    await expect(page).toHaveURL(/\/cerca\?q=tassa\+spazzatura/);
    const first = page.getByRole('main').locator('[data-element="search-results"] li').first();
    await expect(first.getByRole('link')).toContainText('TARI');
    await expect(first.locator('mark').first()).toBeVisible();
    await a11y.check('/cerca?q=tassa spazzatura');

    // Opening a result goes through the click log to the sheet.
    await first.getByRole('link').click();
    await expect(page).toHaveURL(/\/servizi\/\d+-/);
  });

  test('filters by content type and topic', async ({ page, a11y }) => {
    await page.goto('/cerca?q=anagrafe&tipo=office');
    await expect(page.getByLabel('Tipo di contenuto')).toHaveValue('office');
    await expect(page.getByRole('main').getByRole('link', { name: /Anagrafe e Stato civile/ })).toBeVisible();
    await expect(page.getByRole('main').locator('a[href^="/cerca/apri/"]')).toHaveCount(0);
    await a11y.check('/cerca filtered');
  });
});

test.describe('staff search', () => {
  test('the front office sees results while typing, with copy link and e-mail', async ({ page, a11y }) => {
    await login(page, 'frontOffice');
    await page.goto('/staff/cerca');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cerca nelle schede');
    await a11y.check('/staff/cerca (empty)');
    await page.getByLabel('Cerca una scheda mentre parli con il cittadino').pressSequentially('carta identita', { delay: 30 });
    const results = page.locator('#srch-results');
    await expect(results.getByRole('status')).toContainText('carta identita');
    await expect(results.locator('li').first().locator('mark').first()).toBeVisible();
    await expect(results.getByRole('button', { name: /Copia link/ }).first()).toBeVisible();
    await expect(results.getByRole('link', { name: /Invia per e-mail/ }).first()).toHaveAttribute('href', /^mailto:/);
    await expect(page).toHaveURL(/\/staff\/cerca\?q=carta/);
    await a11y.check('/staff/cerca (results)');
    await results.locator('li').first().getByRole('link').first().click();
    await expect(page).toHaveURL(/\/staff\/kb\/\d+/);
  });

  test('the back office edits synonyms and reads content gaps', async ({ page, a11y }) => {
    await page.goto('/cerca?q=ornitorinco+volante');
    await login(page, 'backOffice');
    await page.goto('/staff/admin/sinonimi');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sinonimi della ricerca');
    await a11y.check('/staff/admin/sinonimi');
    const field = page.getByLabel('Gruppi di sinonimi');
    await field.fill('ornitorinco');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect(page.locator('#error-summary')).toBeVisible();
    await expect(field).toHaveValue('ornitorinco');
    await a11y.check('/staff/admin/sinonimi (error)');
    await field.fill('ornitorinco, carta d\'identità');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect(page.getByText('Sinonimi salvati.')).toBeVisible();

    await page.goto('/staff/kb/lacune');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lacune dei contenuti');
    await expect(page.getByRole('main').getByRole('link', { name: 'ornitorinco volante' })).toBeVisible();
    await a11y.check('/staff/kb/lacune');
  });
});
