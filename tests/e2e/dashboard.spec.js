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

test('the records whose ratings disagree most are listed with their mean rating and agreement', async ({ page }) => {
  await page.goto('./#/dashboard/prompt-ranking');
  const levels = await page.getByRole('img', { name: /^Records by share of ratings that agree: / }).getAttribute('aria-label');
  const rated = [...levels.matchAll(/: (\d+)/g)].map((m) => Number(m[1])).reduce((a, b) => a + b, 0);
  const table = page.getByRole('table', { name: 'Ratings that disagree most' });
  await expect(table.getByRole('columnheader')).toHaveText(['Record', 'Ratings', 'Mean rating', 'Agreement']);
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(Math.min(10, rated));
  const agreements = [];
  for (const row of await rows.all()) {
    const [ratings, mean, agreement] = await row.getByRole('cell').allTextContents();
    expect(Number(ratings)).toBeGreaterThanOrEqual(2);
    expect(mean).toMatch(/^[1-5]\.\d$/);
    agreements.push(Number(agreement.replace('%', '')));
    await expect(row.getByRole('rowheader').getByRole('link')).toHaveAttribute('href', /^#\/t\/prompt-ranking\/r\/prompt-\d+$/);
  }
  expect(agreements).toEqual([...agreements].sort((a, b) => a - b));
  expect(agreements[0]).toBeLessThan(100);
});

test('agreement beyond chance: Krippendorff\'s alpha of each question with its interval, its reading and its basis', async ({ page }) => {
  await page.goto('./#/dashboard/prompt-ranking');
  await expect(page.getByRole('heading', { name: 'Agreement beyond chance' })).toBeVisible();
  const figures = page.getByRole('definition').filter({ hasText: 'α = ' });
  await expect(figures).toHaveCount(1);
  const said = await figures.textContent();
  const [, alpha, low, high, reading] = said.match(
    /^α = (-?\d\.\d\d) \(95% interval (-?\d\.\d\d) to (-?\d\.\d\d)\) · (reliable|tentative|low) · from \d+ answers on \d+ items answered twice or more$/,
  );
  expect(Number(low)).toBeLessThanOrEqual(Number(alpha));
  expect(Number(alpha)).toBeLessThanOrEqual(Number(high));
  expect(reading).toBe(Number(alpha) >= 0.8 ? 'reliable' : Number(alpha) >= 0.667 ? 'tentative' : 'low');
  await expect(page.getByRole('term').filter({ hasText: 'Rate the quality of the prompt' })).toBeVisible();
  // A task of free-text answers has no distance to measure: no such section.
  await page.goto('./#/dashboard/mpep-es');
  await expect(page.getByRole('heading', { name: /^Dashboard: / })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Agreement beyond chance' })).toHaveCount(0);
});

test('every task side by side: language, completed records, share of the target and contributors', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('link', { name: 'Dashboard of all tasks' }).click();
  await expect(page).toHaveTitle(/^Progress of every task/);
  const table = page.getByRole('table', { name: 'Progress of every task' });
  await expect(table.getByRole('columnheader')).toHaveText(['Task', 'Language', 'Completed records', 'Toward the target', 'Submitted responses', 'Contributors']);
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(5);
  const arabic = rows.filter({ hasText: 'Translate prompts into Arabic' });
  await expect(arabic.getByRole('cell').first()).toHaveText('Arabic');
  await expect(arabic.getByRole('cell').first().locator('[lang]')).toHaveAttribute('lang', 'ar');
  // The row says what the task's own dashboard says.
  const [, completed, target, submitted, contributors] = await rows.filter({ hasText: 'Rate prompt quality' }).getByRole('cell').allTextContents();
  await rows.filter({ hasText: 'Rate prompt quality' }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Dashboard: Rate prompt quality' })).toBeVisible();
  const figures = page.getByRole('definition');
  await expect(figures.nth(0)).toHaveText(target);
  await expect(figures.nth(1)).toHaveText(completed);
  await expect(figures.nth(2)).toHaveText(submitted);
  await expect(figures.nth(3)).toHaveText(contributors);
});

// Two builds of one app: a contributor downloads the lighter one, without the dashboards; a dashboard's address
// starts the lead build, and moving between the two reloads the page once.
test('a contributor downloads the contributor build alone, a dashboard the lead build alone', async ({ page }) => {
  const wasm = [];
  page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname); });
  await page.goto('./#/');
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^\/together-[0-9a-f]+_bg\.wasm$/);

  await page.getByRole('link', { name: 'Dashboard of Rate prompt quality' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard: Rate prompt quality' })).toBeVisible();
  expect(wasm).toHaveLength(2);
  expect(wasm[1]).toMatch(/^\/together-lead-[0-9a-f]+_bg\.wasm$/);
  // The lead build is the whole app: back to the tasks and into one, with no other download.
  await page.getByRole('link', { name: 'Together' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  expect(wasm).toHaveLength(2);

  wasm.length = 0;
  await page.goto('about:blank');
  await page.goto('./#/%64ashboard');
  await expect(page.getByRole('heading', { name: 'Progress of every task' })).toBeVisible();
  expect(wasm).toEqual([expect.stringMatching(/^\/together-lead-[0-9a-f]+_bg\.wasm$/)]);
});
