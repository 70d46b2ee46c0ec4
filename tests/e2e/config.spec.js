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

test('no config.json on a host that answers every address with the app page is no configuration, silently', async ({ page }) => {
  const { serveStatic } = await import('./serve-static.mjs');
  const port = 4191;
  const server = await serveStatic(new URL('../../dist', import.meta.url).pathname, port, { fallback: true });
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    await expect(page.getByRole('heading', { name: 'Rate prompt quality' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    await server.stop();
  }
});

for (const [what, body, message] of [
  ['a misspelt top-level key', { titel: 'typo' }, 'config.json is not valid: unknown key “titel”'],
  ['a misspelt nested key', { hub: { task: ['my-org/prompts-es'] } }, 'config.json is not valid: unknown key “hub.task”'],
  ['a list instead of an object', [], 'config.json is not valid: the file must be an object, not a list'],
]) {
  test(`config.json with ${what} is reported, naming the key`, async ({ page }) => {
    await page.route('**/config.json', (route) => route.fulfill({ json: body }));
    await page.goto('./');
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(page.getByRole('heading', { name: 'Rate prompt quality' })).toBeVisible();
  });
}

test('a value nested 10,000 deep in config.json gets a short message, not a dead page', async ({ page }) => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  await page.route('**/config.json', (route) =>
    route.fulfill({ body: `{"title": ${deep}}`, contentType: 'application/json' }));
  await page.goto('./');
  await expect(page.getByRole('alert')).toContainText('nested more than 64 deep at title');
  expect((await page.getByRole('alert').textContent()).length).toBeLessThan(400);
  await expect(page.getByRole('heading', { name: 'Rate prompt quality' })).toBeVisible();
});

test('a misspelt key in the demo tasks is named', async ({ page }) => {
  await page.route('**/demo-tasks.json', async (route) => {
    const bundle = await (await route.fetch()).json();
    route.fulfill({ json: { ...bundle, taks: [] } });
  });
  await page.goto('./');
  await expect(page.getByRole('alert')).toContainText('The demo data is not valid: unknown key “taks”');
});
