// The model leaderboard: models evaluated on the community's prompts, ranked per language and across languages,
// each language linked to its task. On the demo data, and from a results dataset published on the fake Hub with
// huggingface_hub (a CSV file, and the dataset viewer's rows of a JSONL one).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hub, hubConfig } from './hub-app.mjs';

const python = fileURLToPath(new URL('../../.venv-test/bin/python', import.meta.url));
const seedResultsScript = fileURLToPath(new URL('../support/hub/seed_results.py', import.meta.url));

/** The rows of `table` as their cells' texts (the row header among them). */
async function rowsOf(table) {
  await expect(table).toBeVisible();
  const rows = table.getByRole('row').filter({ has: table.page().getByRole('cell') });
  return Promise.all((await rows.all()).map((row) => row.locator('th, td').allTextContents()));
}

test('the demo ranks its models per language and across them, and each language leads to its task', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('link', { name: 'Model leaderboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Model leaderboard' })).toBeVisible();
  const across = page.getByRole('table', { name: 'Across languages' });
  await expect(across.getByRole('columnheader')).toHaveText(['Rank', 'Model', 'Mean score', 'Languages']);
  // Three models were evaluated on the three languages; the Arabic-only model, best in Arabic, comes last.
  expect(await rowsOf(across)).toEqual([
    ['1', 'demo-org/open-mix-7b', '0.59', '3 / 3'],
    ['2', 'demo-org/polyglot-3b', '0.57', '3 / 3'],
    ['3', 'demo-org/tiny-chat-1b', '0.38', '3 / 3'],
    ['4', 'demo-org/arabic-tuned-2b', '0.64', '1 / 3'],
  ]);
  const arabic = page.getByRole('table', { name: 'Arabic' });
  await expect(arabic.getByRole('columnheader')).toHaveText(['Rank', 'Model', 'Score', 'Prompts', 'Date']);
  expect((await rowsOf(arabic)).map((cells) => cells.slice(0, 3))).toEqual([
    ['1', 'demo-org/arabic-tuned-2b', '0.64'],
    ['2', 'demo-org/polyglot-3b', '0.59'],
    ['3', 'demo-org/open-mix-7b', '0.51'],
    ['4', 'demo-org/tiny-chat-1b', '0.29'],
  ]);
  // French has no task in the demo: its board stands alone, under the name the results give.
  await expect(page.getByRole('table', { name: 'fr' })).toBeVisible();
  await page.getByRole('link', { name: /^Contribute to .*Arabic/ }).click();
  await expect(page).toHaveURL(/#\/(t\/mpep-ar|signin)/);
});

test('a results dataset on the Hub: the latest result counts, ties share a rank, a broken row is named', async ({ page }, testInfo) => {
  const namespace = hub().task.split('/')[0];
  const rows = [
    { model: 'org/large', language: 'es', score: '0.65', n: '500', date: '2024-05-01' },
    { model: 'org/large', language: 'es', score: '0.71', n: '500', date: '2024-06-01' },
    { model: 'org/small', language: 'es', score: '0.52', n: '500', date: '2024-06-01' },
    { model: 'org/mid', language: 'es', score: '0.52', n: '480', date: '2024-06-02' },
    { model: 'org/narrow', language: 'es', score: '0.9', n: '100', date: '2024-06-03' },
    { model: 'org/large', language: 'ar', score: '0.69', n: '500', date: '2024-06-01' },
    { model: 'org/small', language: 'ar', score: '0.4', n: '500', date: '2024-06-01' },
    { model: 'org/broken', language: 'ar', score: 'n/a', n: '', date: '' },
    { model: 'org/mid', language: 'sw', score: '0.3', n: '', date: '' },
  ];
  const seed = (repo, path, given) => execFileSync(python, [seedResultsScript, hub().url, repo, path],
    { input: JSON.stringify(given), encoding: 'utf8' });
  const csvRepo = `${namespace}/results-csv-${testInfo.project.name}`;
  seed(csvRepo, 'results/leaderboard.csv', rows);
  // The same results as JSON numbers in a JSONL file, which the dataset viewer serves (no path in the config).
  const viewerRepo = `${namespace}/results-viewer-${testInfo.project.name}`;
  const numeric = rows.filter((r) => r.score !== 'n/a')
    .map((r) => ({ ...r, score: Number(r.score), n: r.n ? Number(r.n) : null, date: r.date || null }));
  seed(viewerRepo, 'data/train.jsonl', numeric);

  const expected = {
    across: [
      ['1', 'org/large', '0.70', '2 / 3'],
      ['2', 'org/small', '0.46', '2 / 3'],
      ['3', 'org/mid', '0.41', '2 / 3'],
      ['4', 'org/narrow', '0.90', '1 / 3'],
    ],
    spanish: [
      ['1', 'org/narrow', '0.90', '100', '2024-06-03'],
      ['2', 'org/large', '0.71', '500', '2024-06-01'],
      ['3', 'org/mid', '0.52', '480', '2024-06-02'],
      ['3', 'org/small', '0.52', '500', '2024-06-01'],
    ],
  };
  for (const leaderboard of [{ dataset: csvRepo, path: 'results/leaderboard.csv' }, { dataset: viewerRepo }]) {
    await page.route('**/config.json', (route) => route.fulfill({ json: { ...hubConfig(), leaderboard } }));
    await page.goto('./#/leaderboard');
    await expect(page.getByRole('link', { name: leaderboard.dataset })).toHaveAttribute('href', `${hub().url}/datasets/${leaderboard.dataset}`);
    const across = page.getByRole('table', { name: 'Across languages' });
    await expect(across.getByRole('row')).toHaveCount(5);
    expect(await rowsOf(across)).toEqual(expected.across);
    // Spanish is the Hub task's language: its board is named as the task names it, and leads to it.
    const spanish = page.getByRole('table', { name: 'Español' });
    expect(await rowsOf(spanish)).toEqual(expected.spanish);
    await expect(page.getByRole('link', { name: 'Contribute to Translate prompts into Spanish' }))
      .toHaveAttribute('href', `#/t/${encodeURIComponent(hub().task)}`);
    expect(await rowsOf(page.getByRole('table', { name: 'sw' }))).toEqual([['1', 'org/mid', '0.30', '', '']]);
    const leftOut = page.getByRole('status').filter({ hasText: 'Rows left out of the leaderboard' });
    if (leaderboard.path) {
      await expect(leftOut).toContainText(`${csvRepo}/results/leaderboard.csv, row 8: the score “n/a” is not a number`);
    } else {
      await expect(leftOut).toHaveCount(0);
    }
    await page.unroute('**/config.json');
    await page.goto('about:blank');
  }
});

test('a results dataset that cannot be read says which and why, and the page recovers', async ({ page }, testInfo) => {
  const missing = `${hub().task.split('/')[0]}/no-such-results-${testInfo.project.name}`;
  await page.route('**/config.json', (route) => route.fulfill({ json: { ...hubConfig(), leaderboard: { dataset: missing, path: 'r.csv' } } }));
  await page.goto('./#/leaderboard');
  await expect(page.getByRole('alert')).toContainText(`The results dataset “${missing}”`);
  // Published a moment later: Try again shows it.
  execFileSync(python, [seedResultsScript, hub().url, missing, 'r.csv'],
    { input: JSON.stringify([{ model: 'org/m', language: 'es', score: '0.5', n: '', date: '' }]), encoding: 'utf8' });
  await page.getByRole('button', { name: 'Try again' }).click();
  expect(await rowsOf(page.getByRole('table', { name: 'Español' }))).toEqual([['1', 'org/m', '0.50', '', '']]);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
