// The live dashboard on the demo data: its figures, its chart, and how fresh they are.
import { test, expect } from '@playwright/test';

test('the dashboard shows completed against pending records and how long ago it was updated', async ({ page }) => {
  await page.goto('./#/dashboard/prompt-ranking');
  await expect(page.getByRole('heading', { name: 'Dashboard: Rate prompt quality' })).toBeVisible();
  const chart = page.getByRole('img', { name: /^Records: \d+ completed, \d+ pending$/ });
  await expect(chart).toBeVisible();
  const [, completed, pending] = (await chart.getAttribute('aria-label')).match(/(\d+) completed, (\d+) pending/);
  expect(Number(completed) + Number(pending)).toBe(50);
  await expect(page.getByText(/^Updated 0 s ago$/)).toBeVisible();
  await expect(page.getByText(/^Updated [1-9]\d* s ago$/)).toBeVisible({ timeout: 5_000 });
});
