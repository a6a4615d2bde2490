import { test, expect, ACCOUNTS, login } from '../fixtures';

test.describe('staff sign-in', () => {
  test('the sign-in page passes axe', async ({ page, a11y }) => {
    await page.goto('/');
    await page.getByRole('banner').getByRole('link', { name: 'Accedi' }).click();
    await expect(page).toHaveURL(/\/accedi$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'E-mail', exact: true })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Password', exact: true })).toBeVisible();
    await a11y.check('/accedi');
  });

  test('a wrong password gets the generic message and stays on /accedi', async ({ page, a11y }) => {
    await page.goto('/accedi');
    await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill(ACCOUNTS.admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-right-password');
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect(page).toHaveURL(/\/accedi(\?.*)?$/);
    await expect(page.getByRole('alert')).toHaveText('Indirizzo e-mail o password non corretti.');
    // The e-mail is kept, the password is not.
    await expect(page.getByRole('textbox', { name: 'E-mail', exact: true })).toHaveValue(ACCOUNTS.admin.email);
    await expect(page.getByRole('textbox', { name: 'Password', exact: true })).toHaveValue('');
    await a11y.check('/accedi (wrong password)');
  });

  test('an unknown e-mail gets the same generic message', async ({ page }) => {
    await page.goto('/accedi');
    await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill('nessuno@comune.valfiorita.example');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('whatever-password-123');
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect(page).toHaveURL(/\/accedi(\?.*)?$/);
    await expect(page.getByRole('alert')).toHaveText('Indirizzo e-mail o password non corretti.');
  });

  test('admin signs in, reaches /staff, signs out', async ({ page, a11y }) => {
    await login(page, 'admin');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Esci' })).toBeVisible();
    await a11y.check('/staff');

    await page.getByRole('button', { name: 'Esci' }).click();
    await expect(page).not.toHaveURL(/\/staff/);
    await expect(page.getByRole('banner').locator('a[data-element="personal-area-login"]')).toBeVisible();

    // The session is gone: the staff area sends back to the sign-in page.
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/accedi/);
    await expect(page.getByRole('button', { name: 'Accedi', exact: true })).toBeVisible();
  });

  test('the staff area asks anonymous visitors to sign in', async ({ page }) => {
    await page.goto('/staff/admin/uffici');
    await expect(page).toHaveURL(/\/accedi/);
  });
});
