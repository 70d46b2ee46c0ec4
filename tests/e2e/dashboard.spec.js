// The live dashboard on the demo data: its figures, its chart, and how fresh they are.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

test('the dashboard shows completed against pending records and how long ago it was updated', async ({ page }, testInfo) => {
  await page.goto('./#/dashboard/prompt-ranking');
  await expect(page.getByRole('heading', { name: 'Dashboard: Rate prompt quality' })).toBeVisible();
  const chart = page.getByRole('img', { name: /^Records: \d+ completed, \d+ pending$/ });
  await expect(chart).toBeVisible();
  const [, completed, pending] = (await chart.getAttribute('aria-label')).match(/(\d+) completed, (\d+) pending/);
  expect(Number(completed) + Number(pending)).toBe(50);
  // The ratings chart adds up to the submitted responses; the days chart covers two weeks.
  const submitted = Number(await page.getByRole('definition').nth(2).textContent());
  const ratings = await page.getByRole('img', { name: /^Ratings given for “Rate the quality of the prompt”: / }).getAttribute('aria-label');
  const counts = [...ratings.matchAll(/(\d): (\d+)/g)].map((m) => Number(m[2]));
  expect(counts).toHaveLength(5);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(submitted);
  const days = await page.getByRole('img', { name: /^Submitted responses per day, last 14 days: / }).getAttribute('aria-label');
  expect(days.split(': ')[1].split(', ')).toHaveLength(14);
  const agreement = await page.getByRole('img', { name: /^Records by share of ratings that agree: / }).getAttribute('aria-label');
  expect(agreement).toMatch(/^Records by share of ratings that agree: 100%: \d+, 75–99%: \d+, 50–74%: \d+, <50%: \d+$/);
  await expect(page.getByText(/^Updated 0 s ago$/)).toBeVisible();
  if (testInfo.project.name === 'phone') {
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot-phone-dashboard.png', import.meta.url)), fullPage: true });
  }
  await expect(page.getByText(/^Updated [1-9]\d* s ago$/)).toBeVisible({ timeout: 5_000 });
});
