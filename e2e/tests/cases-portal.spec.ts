import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, login } from '../fixtures';

// The citizen's side of cases: the list of request kinds, one form per kind, the
// single summary screen with attachments, the receipt and the tracking pages.

const FORMS: Array<{ slug: string; title: string; needsIdentity: boolean }> = [
  { slug: 'segnalazione', title: 'Segnala un disservizio', needsIdentity: false },
  { slug: 'assistenza', title: 'Richiedi assistenza', needsIdentity: true },
  { slug: 'reclamo', title: 'Presenta un reclamo', needsIdentity: false },
  { slug: 'suggerimento', title: 'Invia un suggerimento', needsIdentity: false },
  { slug: 'elogio', title: 'Invia un elogio', needsIdentity: false },
  { slug: 'accesso-atti', title: "Richiedi l'accesso agli atti", needsIdentity: true },
  { slug: 'accesso-civico', title: 'Accesso civico semplice', needsIdentity: true },
  { slug: 'foia', title: 'Accesso civico generalizzato (FOIA)', needsIdentity: true },
];

// A valid 1×1 PNG: the server checks attachments by their content, not their name.
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Ticks a Bootstrap Italia checkbox from the keyboard, as a keyboard user would: the
 * styled label sits over the native input, so a pointer click lands on the label
 * (whose privacy-policy link must not be hit).
 */
async function tick(box: Locator): Promise<void> {
  await box.focus();
  await box.press('Space');
  await expect(box).toBeChecked();
}

/** Clicks a submit button and returns the status of the POST it sends. */
async function submitAndGetStatus(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/invia/')),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return response.status();
}

test.describe('portal: requests', () => {
  test('/richieste lists the eight kinds of request and passes axe', async ({ page, a11y }) => {
    const response = await page.goto('/richieste');
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    await expect(page.getByRole('heading', { level: 1, name: 'Scrivi al Comune' })).toBeVisible();
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 2 })).toHaveCount(FORMS.length);
    for (const { slug, title } of FORMS) {
      await expect(main.getByRole('heading', { level: 2, name: title }).getByRole('link')).toHaveAttribute(
        'href',
        `/invia/${slug}`,
      );
    }
    await expect(main.getByRole('link', { name: 'Segnala un disservizio' })).toHaveAttribute(
      'data-element',
      'report-inefficiency',
    );
    await expect(main.getByRole('link', { name: /Seguila con il codice ricevuto/ })).toHaveAttribute('href', '/segui');
    await a11y.check('/richieste');
  });

  for (const { slug, title, needsIdentity } of FORMS) {
    test(`/invia/${slug} (form) passes axe`, async ({ page, a11y }) => {
      const response = await page.goto(`/invia/${slug}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
      const crumbs = page.getByRole('navigation', { name: 'Percorso di navigazione' });
      await expect(crumbs.getByRole('link', { name: 'Scrivi al Comune' })).toHaveAttribute('href', '/richieste');
      await expect(page.getByRole('textbox', { name: 'Oggetto' })).toHaveAttribute('aria-required', 'true');
      await expect(page.getByRole('textbox', { name: 'Descrizione' })).toHaveAttribute('aria-required', 'true');
      const name = page.getByRole('textbox', { name: 'Nome', exact: true });
      if (needsIdentity) {
        await expect(name).toHaveAttribute('aria-required', 'true');
      } else {
        await expect(name).not.toHaveAttribute('aria-required', 'true');
      }
      await expect(page.getByRole('checkbox', { name: /Ho letto l'informativa/ })).not.toBeChecked();
      await expect(page.getByRole('button', { name: 'Avanti: riepilogo' })).toBeVisible();
      await a11y.check(`/invia/${slug}`);
    });
  }

  test('an unknown kind of request is a 404', async ({ page }) => {
    const response = await page.goto('/invia/non-esiste');
    expect(response?.status()).toBe(404);
  });

  test('a report goes from the form to the summary, the receipt and the tracking page', async ({ page, a11y }) => {
    const stamp = Date.now().toString(36);
    const subject = `Lampione spento ${stamp}`;
    const description = 'Il lampione davanti al civico 12 è spento da una settimana.\nLa strada è buia.';

    await page.goto('/richieste');
    await page.getByRole('main').getByRole('link', { name: 'Segnala un disservizio' }).click();
    await expect(page).toHaveURL(/\/invia\/segnalazione$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Segnala un disservizio' })).toBeVisible();

    // 1. Sent empty: 422, an error summary whose links lead to the fields.
    expect(await submitAndGetStatus(page, 'Avanti: riepilogo')).toBe(422);
    const summary = page.getByRole('alert');
    await expect(summary.getByRole('heading', { name: 'Il modulo contiene errori: correggi i campi indicati.' })).toBeVisible();
    await expect(summary.getByRole('link')).toHaveCount(3); // subject, description, privacy
    const subjectBox = page.getByRole('textbox', { name: 'Oggetto' });
    await expect(subjectBox).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('textbox', { name: 'Descrizione' })).toHaveAttribute('aria-invalid', 'true');
    const privacy = page.getByRole('checkbox', { name: /Ho letto l'informativa/ });
    await expect(privacy).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#e-privacy')).toHaveText("Devi dichiarare di aver letto l'informativa privacy.");
    await summary.getByRole('link', { name: 'Campo obbligatorio.' }).first().click();
    await expect(page).toHaveURL(/#f-(subject|description)$/);
    await a11y.check('/invia/segnalazione (errors)');

    // 2. Filled in with the labels a screen reader announces.
    await page.getByRole('combobox', { name: 'Argomento' }).selectOption({ label: 'Gestione rifiuti' });
    await page.getByRole('textbox', { name: 'Luogo o indirizzo' }).fill('Via Roma 12');
    await subjectBox.fill(subject);
    await page.getByRole('textbox', { name: 'Descrizione' }).fill(description);
    await page.getByRole('textbox', { name: 'Nome', exact: true }).fill('Giulia');
    await page.getByRole('textbox', { name: 'Cognome' }).fill('Bianchi');
    await page.getByRole('textbox', { name: 'E-mail' }).fill('giulia.bianchi@example.org');
    await tick(privacy);
    expect(await submitAndGetStatus(page, 'Avanti: riepilogo')).toBe(200);

    // 3. The summary shows what will be sent.
    await expect(page.getByRole('heading', { level: 1, name: 'Riepilogo della richiesta' })).toBeVisible();
    const main = page.getByRole('main');
    await expect(main.getByRole('definition').filter({ hasText: subject })).toBeVisible();
    await expect(main.getByRole('definition').filter({ hasText: 'Via Roma 12' })).toBeVisible();
    await expect(main.getByRole('definition').filter({ hasText: 'Gestione rifiuti' })).toBeVisible();
    await a11y.check('/invia/segnalazione (summary)');

    // "Modifica i dati" goes back to the form with everything kept, privacy included.
    expect(await submitAndGetStatus(page, 'Modifica i dati')).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: 'Segnala un disservizio' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(subjectBox).toHaveValue(subject);
    await expect(page.getByRole('textbox', { name: 'Descrizione' })).toHaveValue(description);
    await expect(page.getByRole('combobox', { name: 'Argomento' })).toHaveValue(/\d+/);
    await expect(privacy).toBeChecked();
    expect(await submitAndGetStatus(page, 'Avanti: riepilogo')).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: 'Riepilogo della richiesta' })).toBeVisible();

    // 4. A photo attached on the summary page, then sent.
    const dir = mkdtempSync(join(tmpdir(), 'urp-e2e-upload-'));
    try {
      const file = join(dir, 'lampione.png');
      writeFileSync(file, PNG_1X1);
      const input = page.getByLabel('Allegati (facoltativi)');
      await expect(input).toHaveAttribute('type', 'file');
      await input.setInputFiles(file);
      await page.getByRole('button', { name: 'Conferma e invia' }).click();
      await expect(page).toHaveURL(/\/ricevuta\/[^/?#]+$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // 5. The receipt: registry number, deadline, tracking link.
    const tracking = new URL(page.url()).pathname.split('/').pop()!;
    await expect(page.getByRole('heading', { level: 1, name: 'Richiesta ricevuta' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('La tua richiesta è stata registrata.');
    const registry = (await main.locator('dt', { hasText: 'Numero di protocollo' }).locator('+ dd').innerText()).trim();
    expect(registry).toMatch(/^\d{4}\/\d{7}$/);
    await expect(main.locator('dt', { hasText: 'Data entro cui riceverai risposta' }).locator('+ dd')).toHaveText(/^Scade il /);
    await expect(main.getByText('Abbiamo inviato questa ricevuta a giulia.bianchi@example.org.')).toBeVisible();
    const trackingLink = main.getByRole('link', { name: new RegExp(`/segui/${tracking}$`) });
    await expect(trackingLink).toHaveAttribute('href', new RegExp(`/segui/${tracking}$`));
    await a11y.check('/ricevuta/{tracking}');

    // 6. The tracking page: status, deadline and why, history.
    await trackingLink.click();
    await expect(page).toHaveURL(new RegExp(`/segui/${tracking}$`));
    await expect(page.getByRole('heading', { level: 1, name: `Richiesta n. ${registry}` })).toBeVisible();
    await expect(main.getByText(subject)).toBeVisible();
    await expect(main.locator('dt', { hasText: 'Stato' }).locator('+ dd')).toHaveText('Inviata');
    const due = main.locator('dt', { hasText: 'Data entro cui riceverai risposta' }).locator('+ dd');
    await expect(due).toContainText(/^Scade il /);
    await expect(due).toContainText('perché: ');
    await expect(page.getByRole('heading', { level: 2, name: 'Cronologia' })).toBeVisible();
    await expect(main.getByRole('listitem').first()).toBeVisible();
    await a11y.check('/segui/{tracking}');

    // 7. The lookup form: an unknown code, then the right one.
    await page.goto('/segui');
    await expect(page.getByRole('heading', { level: 1, name: 'Segui una richiesta' })).toBeVisible();
    await a11y.check('/segui');

    const code = page.getByRole('textbox', { name: 'Codice della richiesta' });
    await code.fill('codice-che-non-esiste');
    const [notFound] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/segui?')),
      page.getByRole('button', { name: 'Cerca la richiesta' }).click(),
    ]);
    expect(notFound.status()).toBe(404);
    await expect(page.getByRole('alert')).toHaveText('Nessuna richiesta corrisponde a questo codice.');
    await expect(code).toHaveValue('codice-che-non-esiste');
    await a11y.check('/segui (not found)');

    await code.fill(tracking);
    await page.getByRole('button', { name: 'Cerca la richiesta' }).click();
    await expect(page).toHaveURL(new RegExp(`/segui/${tracking}$`));
    await expect(page.getByRole('heading', { level: 1, name: `Richiesta n. ${registry}` })).toBeVisible();

    // 8. At the desk the report is in the queue, with the photo attached.
    await login(page, 'frontOffice');
    await page.goto('/staff/casi?tipo=segnalazione');
    const row = page.getByRole('table').getByRole('row').filter({ hasText: subject });
    await expect(row.getByRole('cell', { name: 'Segnalazione' })).toBeVisible();
    await row.getByRole('link', { name: registry }).click();
    await expect(page).toHaveURL(/\/staff\/casi\/\d+$/);
    await expect(page.getByRole('heading', { level: 1, name: `Pratica n. ${registry}` })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Allegati', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'lampione.png' })).toBeVisible();
    await expect(page.getByRole('main').getByText(`(image/png, ${PNG_1X1.length} byte)`)).toBeVisible();
    await a11y.check('/staff/casi/{id} (from the portal, with an attachment)');
  });

  test('the report form has a map: a click marks the point, which reaches the summary', async ({ page, a11y }) => {
    // The e2e server is configured with a tile server (playwright.config.ts); its tiles are
    // absent, but the map and the point work the same.
    await page.goto('/invia/segnalazione');
    const map = page.getByRole('application', { name: 'Mappa per indicare il luogo della segnalazione' });
    await expect(map).toBeVisible();
    await a11y.check('/invia/segnalazione (map)');
    const status = page.locator('#urp-locate-status');
    await map.click({ position: { x: 120, y: 90 } });
    await expect(status).toContainText('Posizione acquisita:');
    const lat = Number(await page.locator('#f-lat').inputValue());
    const lon = Number(await page.locator('#f-lon').inputValue());
    expect(lat).toBeGreaterThan(35);
    expect(lat).toBeLessThan(48);
    expect(lon).toBeGreaterThan(6);
    expect(lon).toBeLessThan(19);
    await page.getByRole('button', { name: 'Togli il punto' }).click();
    await expect(status).toHaveText('Punto rimosso.');
    await expect(page.locator('#f-lat')).toHaveValue('');
    await map.click({ position: { x: 200, y: 150 } });
    const point = `${await page.locator('#f-lat').inputValue()}, ${await page.locator('#f-lon').inputValue()}`;
    await page.getByRole('textbox', { name: 'Oggetto' }).fill('Tombino rotto');
    await page.getByRole('textbox', { name: 'Descrizione' }).fill('Il tombino è sollevato e pericoloso per le bici.');
    await tick(page.getByRole('checkbox', { name: /Ho letto l'informativa/ }));
    expect(await submitAndGetStatus(page, 'Avanti: riepilogo')).toBe(200);
    await expect(page.getByRole('main').getByRole('definition').filter({ hasText: point })).toBeVisible();
  });

  test('an access request asks who is writing', async ({ page, a11y }) => {
    await page.goto('/invia/accesso-atti');
    await page.getByRole('textbox', { name: 'Oggetto' }).fill('Copia della concessione edilizia');
    await page.getByRole('textbox', { name: 'Descrizione' }).fill('Chiedo copia della concessione del 1998.');
    await tick(page.getByRole('checkbox', { name: /Ho letto l'informativa/ }));
    expect(await submitAndGetStatus(page, 'Avanti: riepilogo')).toBe(422);
    for (const field of ['Nome', 'Cognome', 'E-mail']) {
      await expect(page.getByRole('textbox', { name: field, exact: true })).toHaveAttribute('aria-invalid', 'true');
    }
    await a11y.check('/invia/accesso-atti (errors)');
  });
});
