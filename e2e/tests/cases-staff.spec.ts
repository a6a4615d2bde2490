import type { Locator, Page } from '@playwright/test';
import { test, expect, login } from '../fixtures';

// The desk's side of cases: the queue with its filters, recording a case for a citizen,
// and working it through its lifecycle; the citizen sees the reply, never the notes.

const TRIBUTI = 'Ufficio Tributi';

/** A subject no other test (or earlier run on the same database) uses. */
function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Ticks a Bootstrap Italia checkbox from the keyboard (its styled label covers the input). */
async function tick(box: Locator): Promise<void> {
  await box.focus();
  await box.press('Space');
  await expect(box).toBeChecked();
}

/** The <dd> next to the <dt> labelled `term`, in the page's main region. */
function detail(page: Page, term: string): Locator {
  return page.getByRole('main').locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('+ dd');
}

/** Posts one action from the case page and waits for the case page to come back. */
async function act(page: Page, button: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page).toHaveURL(/\/staff\/casi\/\d+\?ok=saved$/);
  await expect(page.getByRole('status')).toHaveText('Modifiche salvate.');
}

type NewCase = { kind: string; channel: string; office?: string; topic?: string; subject: string };

/** Records a case at /staff/casi/nuovo and returns its id, once its page is shown. */
async function recordCase(page: Page, c: NewCase): Promise<string> {
  await page.goto('/staff/casi/nuovo');
  await page.getByRole('combobox', { name: 'Tipo di richiesta' }).selectOption({ label: c.kind });
  await page.getByRole('combobox', { name: 'Canale' }).selectOption({ label: c.channel });
  if (c.office) await page.getByRole('combobox', { name: 'Ufficio' }).selectOption({ label: c.office });
  if (c.topic) await page.getByRole('combobox', { name: 'Argomento' }).selectOption({ label: c.topic });
  await page.getByRole('textbox', { name: 'Oggetto' }).fill(c.subject);
  await page.getByRole('textbox', { name: 'Descrizione' }).fill(`Registrata allo sportello: ${c.subject}.`);
  await page.getByRole('button', { name: 'Registra la pratica' }).click();
  await expect(page).toHaveURL(/\/staff\/casi\/\d+\?ok=created$/);
  await expect(page.getByRole('status')).toHaveText('Pratica registrata.');
  return new URL(page.url()).pathname.split('/').pop()!;
}

test.describe('cases at the desk (front-office operator)', () => {
  test('the queue, filtered, passes axe', async ({ page, a11y }) => {
    const subject = unique('Sportello anagrafe chiuso senza preavviso');
    await login(page, 'frontOffice');
    const id = await recordCase(page, { kind: 'Reclamo o disservizio', channel: 'Telefono', subject });

    await page.goto('/staff');
    await page.getByRole('main').getByRole('link', { name: 'Pratiche', exact: true }).click();
    await expect(page).toHaveURL(/\/staff\/casi$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Pratiche' })).toBeVisible();
    const filters = page.getByRole('form', { name: 'Filtri delle pratiche' });
    await expect(filters.getByRole('combobox', { name: 'Stato' })).toHaveValue('aperte');
    const table = page.getByRole('table', { name: 'Pratiche' });
    await expect(table.getByRole('row').filter({ hasText: subject })).toHaveCount(1);
    await a11y.check('/staff/casi');

    await filters.getByRole('combobox', { name: 'Stato' }).selectOption({ label: 'Tutte' });
    await filters.getByRole('combobox', { name: 'Tipo di richiesta' }).selectOption({ label: 'Reclamo o disservizio' });
    await filters.getByRole('combobox', { name: 'Canale' }).selectOption({ label: 'Telefono' });
    await filters.getByRole('spinbutton', { name: 'In scadenza entro giorni' }).fill('60');
    await filters.getByRole('button', { name: 'Applica i filtri' }).click();
    await expect(page).toHaveURL(/\/staff\/casi\?stato=tutte&tipo=reclamo&.*canale=telefono&.*giorni=60/);
    // The filters are kept in the form, the count is announced, and every row matches.
    await expect(filters.getByRole('combobox', { name: 'Tipo di richiesta' })).toHaveValue('reclamo');
    await expect(filters.getByRole('combobox', { name: 'Canale' })).toHaveValue('telefono');
    await expect(page.getByRole('status')).toHaveText(/^(1 pratica|\d+ pratiche)\.$/);
    const row = table.getByRole('row').filter({ hasText: subject });
    await expect(row.getByRole('rowheader').getByRole('link')).toHaveAttribute('href', `/staff/casi/${id}`);
    await expect(row.getByRole('cell').nth(4)).toHaveText('Nuova');
    const bodyRows = table.locator('tbody tr');
    for (let i = 0; i < (await bodyRows.count()); i++) {
      await expect(bodyRows.nth(i).getByRole('cell').nth(1)).toHaveText('Reclamo o disservizio');
    }
    await a11y.check('/staff/casi (filtered)');

    // "Solo le mie": nobody has taken the new case in charge yet.
    await tick(filters.getByRole('checkbox', { name: 'Solo le mie' }));
    await filters.getByRole('button', { name: 'Applica i filtri' }).click();
    await expect(page).toHaveURL(/&miei=1/);
    await expect(filters.getByRole('checkbox', { name: 'Solo le mie' })).toBeChecked();
    await expect(table.getByRole('row').filter({ hasText: subject })).toHaveCount(0);
  });

  test('records a case, works it through, and the citizen sees the reply but not the note', async ({ page, a11y }) => {
    const subject = unique('Rimborso TARI pagata due volte');
    const note = unique('Nota riservata: verificare i versamenti su F24');
    const reason = 'Serve la copia della ricevuta del secondo versamento.';
    const reply = unique('Il rimborso è stato disposto: lo riceverà entro 30 giorni.');

    await login(page, 'frontOffice');
    await page.goto('/staff/casi');
    await page.getByRole('link', { name: 'Nuova pratica' }).click();
    await expect(page).toHaveURL(/\/staff\/casi\/nuovo$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Nuova pratica' })).toBeVisible();
    // Defaults: a request for information at the counter.
    await expect(page.getByRole('combobox', { name: 'Tipo di richiesta' })).toHaveValue('informazione');
    await expect(page.getByRole('combobox', { name: 'Canale' })).toHaveValue('sportello');
    await a11y.check('/staff/casi/nuovo');

    // Sent empty: 422 with an error summary leading to the fields.
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/staff/casi/nuovo')),
      page.getByRole('button', { name: 'Registra la pratica' }).click(),
    ]);
    expect(response.status()).toBe(422);
    const errors = page.getByRole('alert');
    await expect(errors.getByRole('heading', { name: 'Il modulo contiene errori: correggi i campi indicati.' })).toBeVisible();
    await expect(errors.getByRole('link')).toHaveCount(2);
    await expect(page.getByRole('textbox', { name: 'Oggetto' })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('textbox', { name: 'Descrizione' })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#e-subject')).toHaveText('Campo obbligatorio.');
    await errors.getByRole('link').first().click();
    await expect(page).toHaveURL(/#f-subject$/);
    await a11y.check('/staff/casi/nuovo (errors)');

    // Filled in: a complaint received by phone, for the Tributi office.
    await page.getByRole('combobox', { name: 'Tipo di richiesta' }).selectOption({ label: 'Reclamo o disservizio' });
    await page.getByRole('combobox', { name: 'Canale' }).selectOption({ label: 'Telefono' });
    await page.getByRole('combobox', { name: 'Ufficio' }).selectOption({ label: TRIBUTI });
    await page.getByRole('combobox', { name: 'Argomento' }).selectOption({ label: 'Imposte' });
    await page.getByRole('textbox', { name: 'Oggetto' }).fill(subject);
    await page.getByRole('textbox', { name: 'Descrizione' }).fill('La TARI 2026 risulta pagata due volte.\nChiede il rimborso.');
    const citizen = page.getByRole('group', { name: 'Richiedente' });
    await citizen.getByRole('textbox', { name: 'Nome', exact: true }).fill('Mario');
    await citizen.getByRole('textbox', { name: 'Cognome' }).fill('Rossi');
    await citizen.getByRole('textbox', { name: 'E-mail' }).fill('mario.rossi@example.org');
    await citizen.getByRole('textbox', { name: 'Telefono' }).fill('+39 0999 555123');
    await citizen.getByRole('textbox', { name: 'Codice fiscale' }).fill('RSSMRA85T10A562S');
    await page.getByRole('button', { name: 'Registra la pratica' }).click();
    await expect(page).toHaveURL(/\/staff\/casi\/\d+\?ok=created$/);
    const caseUrl = new URL(page.url()).pathname;

    // The case page, new.
    await expect(page.getByRole('status')).toHaveText('Pratica registrata.');
    await expect(page.getByRole('heading', { level: 1, name: /^Pratica n\. \d{4}\/\d{7}$/ })).toBeVisible();
    await expect(page.getByRole('main').getByText(subject, { exact: true })).toBeVisible();
    await expect(detail(page, 'Stato')).toHaveText('Nuova');
    await expect(detail(page, 'Canale')).toHaveText('Telefono');
    await expect(detail(page, 'Ufficio')).toHaveText(TRIBUTI);
    await expect(detail(page, 'Argomento')).toHaveText('Imposte');
    await expect(detail(page, 'Scadenza')).toContainText(/^Scade il /);
    await expect(detail(page, 'Scadenza')).toContainText('perché: ');
    await expect(detail(page, 'Cognome')).toHaveText('Rossi');
    await expect(detail(page, 'Codice fiscale')).toHaveText('RSSMRA85T10A562S');
    const trackingHref = await page.getByRole('main').getByRole('link', { name: /\/segui\// }).getAttribute('href');
    expect(trackingHref).toMatch(/\/segui\/[^/]+$/);
    const actions = page.getByRole('region', { name: 'Azioni' });
    await expect(actions.getByRole('button', { name: 'Prendi in carico' })).toBeVisible();
    // No reply before the case is taken in charge.
    await expect(actions.getByRole('textbox', { name: 'Risposta al cittadino' })).toHaveCount(0);
    await a11y.check('/staff/casi/{id} (new)');

    // Taken in charge.
    await act(page, 'Prendi in carico');
    await expect(detail(page, 'Stato')).toHaveText('Presa in carico');
    const history = page.getByRole('region', { name: 'Cronologia' });
    await expect(history.getByText('Stato: Presa in carico')).toBeVisible();

    // An internal note, marked as such in the history.
    await actions.getByRole('textbox', { name: 'Nota interna' }).fill(note);
    await act(page, 'Aggiungi la nota');
    const noteItem = history.getByRole('listitem').filter({ hasText: note });
    await expect(noteItem).toContainText('Nota interna');
    await expect(noteItem).toContainText('interna');
    await expect(detail(page, 'Stato')).toHaveText('Presa in carico');

    // Suspended, waiting for the citizen: the clock stops.
    await actions.getByRole('textbox', { name: /^Motivazione — Sospendi in attesa di integrazioni/ }).fill(reason);
    await act(page, 'Sospendi in attesa di integrazioni');
    await expect(detail(page, 'Stato')).toHaveText('Sospesa in attesa di integrazioni');
    await expect(detail(page, 'Scadenza')).toContainText(/Termine sospeso dal /);
    await expect(history.getByRole('listitem').filter({ hasText: reason })).toContainText(
      'Stato: Sospesa in attesa di integrazioni',
    );
    await expect(actions.getByRole('button', { name: 'Riprendi la lavorazione' })).toBeVisible();
    await a11y.check('/staff/casi/{id} (suspended)');

    // Resumed.
    await act(page, 'Riprendi la lavorazione');
    await expect(detail(page, 'Stato')).toHaveText('In lavorazione');
    await expect(detail(page, 'Scadenza')).toContainText(/^Scade il /);

    // The reply to the citizen.
    await actions.getByRole('textbox', { name: 'Risposta al cittadino' }).fill(reply);
    await act(page, 'Invia la risposta');
    await expect(detail(page, 'Stato')).toHaveText('Risposta inviata');
    await expect(history.getByRole('listitem').filter({ hasText: reply })).toContainText(
      'Risposta inviata al cittadino',
    );
    await expect(actions.getByRole('button', { name: 'Chiudi la pratica' })).toBeVisible();
    await a11y.check('/staff/casi/{id} (replied)');

    // The citizen, signed out, follows the tracking link.
    await page.context().clearCookies();
    await page.goto(trackingHref!);
    const main = page.getByRole('main');
    await expect(page.getByRole('heading', { level: 1, name: /^Richiesta n\. \d{4}\/\d{7}$/ })).toBeVisible();
    await expect(main.getByText(subject)).toBeVisible();
    await expect(main.getByText(reply)).toBeVisible();
    await expect(main.getByRole('listitem').filter({ hasText: reply })).toContainText("Risposta dell'ufficio");
    await expect(main.getByText(reason)).toBeVisible();
    await expect(page.getByText(note)).toHaveCount(0);
    await expect(page.getByText('Nota interna')).toHaveCount(0);
    await a11y.check('/segui/{tracking} (after the reply)');

    // And the case page is not for them.
    await page.goto(caseUrl);
    await expect(page).toHaveURL(/\/accedi/);
  });
});

test.describe('cases for an office referent', () => {
  test('the Tributi referent sees only the cases routed to Ufficio Tributi', async ({ page, a11y }) => {
    const tributi = unique('Accertamento IMU da verificare');
    const other = unique('Certificato di residenza non ricevuto');

    await login(page, 'frontOffice');
    await recordCase(page, { kind: 'Richiesta di informazioni', channel: 'E-mail', office: TRIBUTI, subject: tributi });
    const otherId = await recordCase(page, {
      kind: 'Reclamo o disservizio',
      channel: 'Sportello',
      office: 'Servizi demografici – Anagrafe e Stato civile',
      subject: other,
    });
    // The operator sees both.
    await page.goto('/staff/casi');
    const table = page.getByRole('table', { name: 'Pratiche' });
    await expect(table.getByRole('row').filter({ hasText: tributi })).toHaveCount(1);
    await expect(table.getByRole('row').filter({ hasText: other })).toHaveCount(1);

    await page.context().clearCookies();
    await login(page, 'referent');
    await page.goto('/staff/casi');
    await expect(page.getByRole('heading', { level: 1, name: 'Pratiche' })).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: tributi })).toHaveCount(1);
    await expect(table.getByRole('row').filter({ hasText: other })).toHaveCount(0);
    // Every listed case is Tributi's (column "Ufficio" is the fifth).
    const bodyRows = table.locator('tbody tr');
    const n = await bodyRows.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      await expect(bodyRows.nth(i).getByRole('cell').nth(3)).toHaveText(TRIBUTI);
    }
    // The office filter offers their own office only; no "new case" for a referent.
    const office = page.getByRole('form', { name: 'Filtri delle pratiche' }).getByRole('combobox', { name: 'Ufficio' });
    await expect(office.getByRole('option')).toHaveText(['Tutti', TRIBUTI]);
    await expect(page.getByRole('link', { name: 'Nuova pratica' })).toHaveCount(0);
    await a11y.check('/staff/casi (referent)');

    // Opening the case they can work: it passes axe too.
    await table.getByRole('row').filter({ hasText: tributi }).getByRole('link').click();
    await expect(page).toHaveURL(/\/staff\/casi\/\d+$/);
    await expect(detail(page, 'Ufficio')).toHaveText(TRIBUTI);
    await expect(page.getByRole('button', { name: 'Prendi in carico' })).toBeVisible();
    // Recorded with no citizen details: "Anonimo", as a paragraph (not a <dd> without its <dt>).
    await expect(page.getByRole('main').getByText('Anonimo', { exact: true })).toBeVisible();
    await a11y.check('/staff/casi/{id} (referent, anonymous citizen)');

    // Another office's case is out of reach.
    const response = await page.goto(`/staff/casi/${otherId}`);
    expect(response?.status()).toBe(403);
  });
});
