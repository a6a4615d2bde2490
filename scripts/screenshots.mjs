// Regenerates the README screenshots from a running demo server:
//   URP_DATABASE_URL=sqlite:///tmp/shots/urp.db?mode=rwc target/debug/urp serve --demo --bind 127.0.0.1:18090 &
//   node scripts/screenshots.mjs http://127.0.0.1:18090
// Uses the e2e suite's Playwright and Debian's Chromium.
import { chromium } from '../e2e/node_modules/@playwright/test/index.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:18090';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
const shot = async (path, file) => {
  await page.goto(base + path);
  await page.screenshot({ path: `docs/screenshots/${file}`, fullPage: false });
};
await shot('/', 'portal-home.png');
await shot('/invia/segnalazione', 'portal-report.png');
await page.goto(base + '/accedi');
await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill('sportello@comune.valfiorita.example');
await page.getByRole('textbox', { name: 'Password', exact: true }).fill('Valfiorita-Sportello-2026');
await page.getByRole('button', { name: 'Accedi', exact: true }).click();
await page.waitForURL(/\/staff$/);
await shot('/staff/casi/nuovo', 'staff-new-case.png');
await page.getByLabel(/^Oggetto/).fill('Lampione spento in via Roma');
await page.getByLabel(/^Descrizione/).fill('Il lampione davanti al civico 12 è spento da tre giorni.');
await page.getByRole('button', { name: 'Registra la pratica' }).click();
await page.waitForURL(/\/staff\/casi\/\d+/);
await page.screenshot({ path: 'docs/screenshots/staff-case.png' });
await shot('/staff/casi', 'staff-queue.png');
await browser.close();
