// A deployment's config.json, and what happens when it is broken.
import { test, expect } from '@playwright/test';

test('config.json names the app and chooses which tasks to show, in its order', async ({ page }) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ json: { title: 'MPEP Arabic', tasks: ['mpep-ar', 'prompt-ranking'] } }));
  await page.goto('./');
  await expect(page.getByRole('link', { name: 'MPEP Arabic' })).toBeVisible();
  await expect(page).toHaveTitle('Tasks · MPEP Arabic');
  const headings = page.getByRole('list').getByRole('heading', { level: 2 });
  await expect(headings).toHaveText(['Translate prompts into Arabic', 'Rate prompt quality']);
});

test('a broken config.json is reported and the app keeps working on the demo data', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ body: '{"taks": ["x"]', contentType: 'application/json' }));
  await page.goto('./');
  await expect(page.getByRole('alert')).toContainText('config.json is not valid');
  await expect(page.getByRole('alert')).toContainText('Running on the built-in demo data.');
  await expect(page.getByRole('heading', { name: 'Rate prompt quality' })).toBeVisible();
});

test('malformed demo data gets a clear message instead of a blank page', async ({ page }) => {
  await page.route('**/demo-tasks.json', (route) =>
    route.fulfill({ json: { tasks: [{ task: { id: 'x', title: 'X', fields: [], questions: [] }, records: [] }] } }));
  await page.goto('./');
  await expect(page.getByRole('alert')).toHaveText('Task x has no fields to show.');
});

test('an unreachable demo data file says what to do', async ({ page }) => {
  await page.route('**/demo-tasks.json', (route) => route.abort('internetdisconnected'));
  await page.goto('./');
  await expect(page.getByRole('alert')).toContainText('Check your connection and reload.');
});
