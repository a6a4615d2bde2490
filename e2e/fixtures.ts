import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// WCAG 2.1 level AA: the level AgID's accessibility guidelines require.
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** One readable paragraph per violation: id, impact, help, first targets. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes
        .slice(0, 3)
        .map((n) => `      - ${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
        .join('\n');
      const more = v.nodes.length > 3 ? `\n      … and ${v.nodes.length - 3} more` : '';
      return `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${targets}${more}`;
    })
    .join('\n');
}

export type A11y = {
  /** Runs axe-core (WCAG 2.1 A + AA) on the current page and expects zero violations. */
  check: (label?: string) => Promise<void>;
};

export const test = base.extend<{ a11y: A11y }>({
  a11y: async ({ page }, use, testInfo) => {
    await use({
      check: async (label?: string) => {
        const where = label ?? new URL(page.url()).pathname;
        const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
        const violations = result.violations;
        if (violations.length > 0) {
          const report = `axe found ${violations.length} violation(s) on ${where}:\n${formatViolations(violations)}`;
          console.log(report);
          await testInfo.attach(`axe-${where.replace(/[^a-z0-9]+/gi, '_')}`, {
            body: JSON.stringify(violations, null, 2),
            contentType: 'application/json',
          });
        }
        // Compared in a compact form, so a failure's diff stays readable
        // (the full axe results are attached to the test above).
        expect(
          violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
          })),
          `axe violations on ${where}`,
        ).toEqual([]);
      },
    });
  },
});

export { expect };

export const ENTE = 'Comune di Valfiorita';

export const ACCOUNTS = {
  admin: { email: 'admin@comune.valfiorita.example', password: 'Valfiorita-Admin-2026' },
  manager: { email: 'responsabile.urp@comune.valfiorita.example', password: 'Valfiorita-Urp-2026' },
  frontOffice: { email: 'sportello@comune.valfiorita.example', password: 'Valfiorita-Sportello-2026' },
  backOffice: { email: 'redazione@comune.valfiorita.example', password: 'Valfiorita-Redazione-2026' },
  referent: { email: 'referente.tributi@comune.valfiorita.example', password: 'Valfiorita-Tributi-2026' },
} as const;

/** Signs in through the /accedi form and waits for the staff home. */
export async function login(page: Page, who: keyof typeof ACCOUNTS): Promise<void> {
  const { email, password } = ACCOUNTS[who];
  await page.goto('/accedi');
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
  await expect(page).toHaveURL(/\/staff$/);
}
