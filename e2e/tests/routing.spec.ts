import type { Page } from '@playwright/test';
import { test, expect, login } from '../fixtures';

// The back-office loop in the browser: routing a case to an office, an internal opinion and
// a note with a mention; the referent's queue, notifications and answer; the manager's
// routing rules and the "who is waiting for whom" view. Every page passes axe.

const TRIBUTI = 'Ufficio Tributi';

function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function recordCase(page: Page, subject: string): Promise<string> {
  await page.goto('/staff/casi/nuovo');
  await page.getByRole('combobox', { name: 'Tipo di richiesta' }).selectOption({ label: 'Reclamo o disservizio' });
  await page.getByRole('textbox', { name: 'Oggetto' }).fill(subject);
  await page.getByRole('textbox', { name: 'Descrizione' }).fill(`Registrata allo sportello: ${subject}.`);
  await page.getByRole('button', { name: 'Registra la pratica' }).click();
  await expect(page).toHaveURL(/\/staff\/casi\/\d+\?ok=created$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function switchTo(page: Page, who: 'referent' | 'manager' | 'frontOffice'): Promise<void> {
  await page.context().clearCookies();
  await login(page, who);
}

test.describe('back-office loop', () => {
  test('routing, internal opinion, mention; the referent answers from their queue', async ({ page, a11y }) => {
    const subject = unique('Avviso TARI con importo errato');
    await login(page, 'frontOffice');
    const id = await recordCase(page, subject);

    const route = page.locator('form[action$="/smista"]');
    await route.getByRole('combobox', { name: 'Ufficio' }).selectOption({ label: TRIBUTI });
    await route.getByRole('button', { name: 'Assegna' }).click();
    await expect(page).toHaveURL(new RegExp(`/staff/casi/${id}\\?ok=saved$`));
    await expect(page.getByRole('main').getByText('Assegnata all\'ufficio Ufficio Tributi')).toBeVisible();

    const ask = page.locator('form[action$="/parere"]');
    await ask.getByRole('combobox', { name: 'Ufficio' }).selectOption({ label: TRIBUTI });
    await ask.getByRole('textbox', { name: 'Domanda' }).fill('Risulta un pagamento già registrato?');
    await ask.getByRole('button', { name: 'Chiedi il parere' }).click();
    await expect(page).toHaveURL(/\?ok=saved$/);
    await page.getByRole('textbox', { name: 'Nota interna' }).fill('Sentire @referente.tributi prima di rispondere');
    await page.getByRole('button', { name: 'Aggiungi la nota' }).click();
    await expect(page).toHaveURL(/\?ok=saved$/);
    await expect(page.getByRole('heading', { name: 'Pareri interni' })).toBeVisible();
    await a11y.check('/staff/casi/{id} (routing panel)');

    await switchTo(page, 'referent');
    await page.getByRole('link', { name: /^Notifiche \(\d+ da leggere\)$/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Notifiche' })).toBeVisible();
    await expect(page.getByText(/ti ha menzionato in una nota/).first()).toBeVisible();
    await a11y.check('/staff/notifiche');
    await page.getByRole('button', { name: 'Segna tutte come lette' }).click();
    await expect(page.getByRole('status').first()).toBeVisible();

    await page.getByRole('link', { name: 'Il mio ufficio' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Il mio ufficio' })).toBeVisible();
    const asked = page.getByRole('table', { name: 'Pareri chiesti al mio ufficio' });
    await expect(asked.getByRole('row').filter({ hasText: 'Risulta un pagamento già registrato?' })).toHaveCount(1);
    await expect(page.getByRole('table', { name: 'Pratiche del mio ufficio' }).getByRole('row').filter({ hasText: subject })).toHaveCount(1);
    await a11y.check('/staff/ufficio');

    await page.goto(`/staff/casi/${id}`);
    await page.getByRole('textbox', { name: 'Parere' }).fill('Nessun pagamento registrato: l\'avviso è corretto.');
    await page.getByRole('button', { name: 'Invia il parere all\'URP' }).click();
    await expect(page).toHaveURL(/\?ok=saved$/);
    await expect(page.getByText('l\'avviso è corretto').first()).toBeVisible();
    await a11y.check('/staff/casi/{id} (referent)');

    await page.goto('/staff/notifiche/preferenze');
    await expect(page.getByRole('heading', { level: 1, name: 'Preferenze di notifica' })).toBeVisible();
    // Bootstrap Italia's styled label covers the input: chosen from the keyboard.
    const digest = page.getByRole('group', { name: 'Menzione in una nota' }).getByLabel('Nel riepilogo giornaliero');
    await digest.focus();
    await digest.press('Space');
    await expect(digest).toBeChecked();
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect(page).toHaveURL(/\?ok=saved$/);
    await expect(page.getByRole('group', { name: 'Menzione in una nota' }).getByLabel('Nel riepilogo giornaliero')).toBeChecked();
    await a11y.check('/staff/notifiche/preferenze');
  });

  test('routing rules: a bad pattern is refused, a sample is tried, a rule is saved', async ({ page, a11y }) => {
    await login(page, 'manager');
    await page.getByRole('link', { name: 'Smistamento automatico' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Smistamento automatico' })).toBeVisible();
    await a11y.check('/staff/admin/smistamento');

    const name = unique('Tributi');
    await page.getByRole('textbox', { name: /^Nome della regola/ }).fill(name);
    await page.getByRole('combobox', { name: /^Ufficio di destinazione/ }).selectOption({ label: TRIBUTI });
    await page.getByRole('textbox', { name: 'Parole chiave' }).fill('tari,,imu');
    await page.getByRole('button', { name: 'Salva la regola' }).click();
    await expect(page.getByText('c\'è un\'alternativa vuota tra due virgole').first()).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Parole chiave' })).toHaveValue('tari,,imu');
    await a11y.check('/staff/admin/smistamento (errors)');

    await page.getByRole('textbox', { name: 'Parole chiave' }).fill('tari, imu');
    await page.getByRole('textbox', { name: 'Testo di prova' }).fill('Bollettino TARI sbagliato');
    await page.getByRole('button', { name: 'Prova' }).click();
    await expect(page.locator('#routing-trial')).toContainText('Ufficio Tributi');
    await a11y.check('/staff/admin/smistamento (trial)');
    await page.getByRole('button', { name: 'Salva la regola' }).click();
    await expect(page).toHaveURL(/\?ok=saved$/);
    await expect(page.getByRole('table', { name: /Regole/ }).getByRole('row').filter({ hasText: name })).toHaveCount(1);
  });

  test('who is waiting for whom', async ({ page, a11y }) => {
    await login(page, 'frontOffice');
    const subject = unique('Lampione spento in via Roma');
    await recordCase(page, subject);
    await page.getByRole('link', { name: 'Chi aspetta chi' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Chi aspetta chi' })).toBeVisible();
    const row = page.getByRole('table', { name: 'Pratiche aperte' }).getByRole('row').filter({ hasText: subject });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('cell').nth(1)).toHaveText('URP');
    await a11y.check('/staff/attese');
  });
});
