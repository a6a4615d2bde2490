import type { Page } from '@playwright/test';
import { test, expect, login } from '../fixtures';

// The knowledge base: the citizens' "Servizio" page with the AgID rating component (each star
// shows the right follow-up, with and without JavaScript) and the editors' pages (list,
// editor, sheet, versions with diff, review list, ratings). Every page passes axe.

const TARI = 'TARI – Tassa sui rifiuti';

function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function openSheet(page: Page, title: string): Promise<void> {
  await page.goto('/servizi');
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

test.describe('service sheets on the portal', () => {
  test('the services list and a sheet follow the model and pass axe', async ({ page, a11y }) => {
    await page.goto('/servizi');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Servizi');
    await a11y.check('/servizi');

    await openSheet(page, TARI);
    await expect(page.locator('[data-element="service-title"]')).toHaveText(TARI);
    for (const el of ['breadcrumb', 'service-status', 'service-description', 'service-addressed', 'service-how-to',
      'service-needed', 'service-achieved', 'service-calendar-text', 'service-calendar-list', 'service-generic-access',
      'service-file', 'service-area', 'service-topic', 'page-index', 'feedback']) {
      await expect(page.locator(`[data-element="${el}"]`).first(), el).toBeAttached();
    }
    const index = page.locator('[data-element="page-index"] a');
    await expect(index).toHaveText(['A chi è rivolto', 'Come fare', 'Cosa serve', 'Cosa si ottiene', 'Tempi e scadenze',
      'Quanto costa', 'Accedi al servizio', 'Condizioni di servizio', 'Contatti']);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '');
    expect(ld['@type']).toBe('GovernmentService');
    expect(ld.name).toBe(TARI);
    // Internal notes are for operators only.
    await expect(page.getByText('rateizzazioni oltre le due rate')).toHaveCount(0);
    await a11y.check('sheet page');
  });

  test('each star shows the right follow-up, and a rating is stored (htmx)', async ({ page, a11y }) => {
    await openSheet(page, TARI);
    const feedback = page.locator('[data-element="feedback"]');
    await expect(feedback.locator('[data-element="feedback-title"]')).toHaveText(
      'Quanto sono chiare le informazioni su questa pagina?');
    const positive = feedback.locator('[data-element="feedback-rating-positive"]');
    const negative = feedback.locator('[data-element="feedback-rating-negative"]');
    await expect(positive).toBeHidden();
    await expect(negative).toBeHidden();
    for (const n of [1, 2, 3, 4, 5]) {
      await feedback.locator(`[data-element="feedback-rate-${n}"]`).click();
      if (n > 3) {
        await expect(positive, `${n} stars`).toBeVisible();
        await expect(negative, `${n} stars`).toBeHidden();
        await expect(positive.locator('[data-element="feedback-rating-question"]')).toHaveText(
          'Quali sono stati gli aspetti che hai preferito?');
        await expect(positive.locator('[data-element="feedback-rating-answer"]')).toHaveText([
          'Le indicazioni erano chiare', 'Le indicazioni erano complete',
          'Capivo sempre che stavo procedendo correttamente', 'Non ho avuto problemi tecnici', 'Altro']);
      } else {
        await expect(negative, `${n} stars`).toBeVisible();
        await expect(positive, `${n} stars`).toBeHidden();
        await expect(negative.locator('[data-element="feedback-rating-question"]')).toHaveText(
          'Dove hai incontrato le maggiori difficoltà?');
        await expect(negative.locator('[data-element="feedback-rating-answer"]')).toHaveText([
          'A volte le indicazioni non erano chiare', 'A volte le indicazioni non erano complete',
          'A volte non capivo se stavo procedendo correttamente', 'Ho avuto problemi tecnici', 'Altro']);
      }
      await expect(feedback.locator('[data-element="feedback-input-text"]')).toBeVisible();
    }
    await a11y.check('sheet page, rating open');
    await feedback.locator('[data-element="feedback-rate-4"]').click();
    await positive.getByText('Le indicazioni erano complete').click();
    await feedback.getByRole('textbox', { name: 'Dettaglio' }).fill('Tutto chiaro, grazie');
    await feedback.getByRole('button', { name: 'Avanti' }).click();
    await expect(page.locator('[data-element="feedback"]').getByRole('status')).toHaveText(
      'Grazie, il tuo parere ci aiuterà a migliorare il servizio!');
    expect(new URL(page.url()).search).toBe('');  // swapped in place by htmx

    // The editors see it among the ratings.
    await login(page, 'manager');
    await page.goto('/staff/kb/valutazioni');
    await expect(page.getByRole('row', { name: new RegExp(TARI) })).toBeVisible();
    await a11y.check('/staff/kb/valutazioni');
  });
});

test.describe('rating without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the follow-up appears and the rating is stored', async ({ page }) => {
    await openSheet(page, 'Iscrizione alla biblioteca comunale');
    const feedback = page.locator('[data-element="feedback"]');
    await feedback.locator('[data-element="feedback-rate-2"]').click();
    const negative = feedback.locator('[data-element="feedback-rating-negative"]');
    await expect(negative).toBeVisible();
    await negative.getByText('Ho avuto problemi tecnici').click();
    await feedback.getByRole('button', { name: 'Avanti' }).click();
    await expect(page).toHaveURL(/\?valutazione=grazie#feedback$/);
    await expect(page.locator('[data-element="feedback"]').getByRole('status')).toHaveText(
      'Grazie, il tuo parere ci aiuterà a migliorare il servizio!');
  });
});

test.describe('editing sheets (back office, manager)', () => {
  test('list, editor, sheet, versions with diff, review list — all pass axe', async ({ page, a11y }) => {
    await login(page, 'backOffice');
    await page.goto('/staff/kb');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schede informative');
    await a11y.check('/staff/kb');

    await page.getByRole('link', { name: 'Nuova scheda' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nuova scheda');
    await a11y.check('/staff/kb/nuova');
    const title = unique('Contrassegno per disabili');
    await page.getByRole('textbox', { name: 'Titolo' }).fill(title);
    await page.getByRole('combobox', { name: 'Categoria del servizio' }).selectOption({ label: 'Mobilità e trasporti' });
    await page.getByRole('textbox', { name: 'Descrizione breve' }).fill('Chiedere il contrassegno per la sosta dei veicoli al servizio di persone con disabilità.');
    // Submitting incomplete sections keeps a draft; sending to review then asks for them.
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect(page).toHaveURL(/\/staff\/kb\/\d+\?ok=saved$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('button', { name: 'Invia in revisione' }).click();
    await expect(page.getByRole('alert')).toContainText('A chi è rivolto');
    await expect(page.locator('#e-audience')).toHaveText('Per pubblicare la scheda questa sezione è obbligatoria.');
    await a11y.check('editor with errors');

    await page.goto(`/staff/kb/${id}/modifica`);
    await page.getByRole('textbox', { name: 'A chi è rivolto' }).fill('Alle persone con capacità di deambulazione ridotta.');
    await page.getByRole('textbox', { name: 'Come fare' }).fill('Presenta la domanda alla Polizia Locale.');
    await page.getByRole('textbox', { name: 'Cosa serve' }).fill('- certificato medico\n- fototessera');
    await page.getByRole('textbox', { name: 'Cosa si ottiene' }).fill('Il contrassegno europeo, valido 5 anni.');
    await page.getByRole('textbox', { name: 'Tempi e scadenze', exact: true }).fill('Entro 30 giorni.');
    await page.getByRole('textbox', { name: 'Quanto costa' }).fill('Gratuito.');
    await page.getByRole('combobox', { name: 'Ufficio responsabile' }).selectOption({ label: 'Polizia Locale' });
    await page.getByRole('textbox', { name: 'Note interne' }).fill('Verificare la scadenza del vecchio contrassegno.');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect(page).toHaveURL(new RegExp(`/staff/kb/${id}\\?ok=saved$`));
    await expect(page.getByText('Verificare la scadenza del vecchio contrassegno.')).toBeVisible();
    await a11y.check('/staff/kb/{id}');

    await page.getByRole('button', { name: 'Invia in revisione' }).click();
    await expect(page.getByRole('status')).toHaveText('Stato della scheda aggiornato.');
    await expect(page.getByRole('button', { name: 'Approva e pubblica' })).toHaveCount(0);

    await page.getByRole('link', { name: 'Versioni' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Versioni');
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(4); // header + 3 versions
    await page.getByRole('link', { name: 'Modifiche 2' }).click();
    await expect(page.locator('ins.urp-ins').first()).toBeVisible();
    await expect(page.locator('ins.urp-ins', { hasText: 'Presenta la domanda alla Polizia Locale.' })).toBeVisible();
    await a11y.check('/staff/kb/{id}/versioni');

    // The manager approves and it is on the portal.
    await page.context().clearCookies();
    await login(page, 'manager');
    await page.goto(`/staff/kb/${id}`);
    await page.getByRole('button', { name: 'Approva e pubblica' }).click();
    await expect(page.getByRole('status')).toHaveText('Stato della scheda aggiornato.');
    await page.getByRole('link', { name: 'Apri sul portale' }).click();
    await expect(page.locator('[data-element="service-title"]')).toHaveText(title);
    await expect(page.getByText('Verificare la scadenza')).toHaveCount(0);

    await page.goto('/staff/kb/da-rivedere');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schede da rivedere');
    await expect(page.getByRole('link', { name: TARI })).toBeVisible();
    await a11y.check('/staff/kb/da-rivedere');
  });
});
