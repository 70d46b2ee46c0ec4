// Installable, and starts with no network: the service worker (sw.js, registered by offline.js) keeps the app
// shell and what a task read, the outbox keeps the answers, and a new version waits until the contributor takes
// it. The app is served here as a static Space serves it, under dist/, by a server of this file's own (port + 1
// of the suite's, which the OpenID provider accepts: ./peers.mjs), so that a test can stop it and deploy a new
// build into it. Service workers are on for this file alone (playwright.config.js blocks them elsewhere).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hub, hubConfig, signInAtProvider } from './hub-app.mjs';
import { serveStatic } from './serve-static.mjs';

test.use({ serviceWorkers: 'allow' });

const isPhone = (testInfo) => testInfo.project.name === 'phone';
const python = fileURLToPath(new URL('../../.venv-test/bin/python', import.meta.url));
const seedTaskScript = fileURLToPath(new URL('../support/hub/seed_task.py', import.meta.url));
const readbackScript = fileURLToPath(new URL('../support/hub/readback.py', import.meta.url));
const build = fileURLToPath(new URL('../../dist', import.meta.url));
const port = Number(process.env.TOGETHER_E2E_PORT ?? 4173) + 1;
const base = `http://127.0.0.1:${port}/dist/`;

const status = (page) => page.locator('.delivery-status');
const prompt = (page) => page.getByRole('region', { name: 'Prompt' });

async function press(locator, testInfo) {
  if (isPhone(testInfo)) await locator.tap();
  else await locator.click();
}

/** A copy of the release build as a Space's repo holds it (`dist/`, with the deployment's config.json). */
function spaceCopy(config) {
  const folder = mkdtempSync(path.join(tmpdir(), 'together-offline-'));
  cpSync(build, path.join(folder, 'dist'), { recursive: true });
  if (config) writeFileSync(path.join(folder, 'dist/config.json'), JSON.stringify(config));
  return folder;
}

/** The page is controlled by the app's service worker (it installed and took the page over). */
async function controlled(page) {
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 20_000 }).toBe(true);
}

test('the app installs, and with no network a reload shows the task where it was; answers go when it returns', async ({ page, context }, testInfo) => {
  // A task of this test's own, seeded with huggingface_hub as a lead would.
  const task = `mpep/offline-${testInfo.project.name}`;
  const responses = `${task}-responses`;
  const definition = {
    task: {
      title: `Translate on the go (${testInfo.project.name})`,
      language: { code: 'es', name: 'Español' },
      fields: [{ name: 'prompt', title: 'Prompt' }],
      questions: [{ name: 'target', title: 'Translation', required: true, kind: { text: {} } }],
      min_submitted: 1,
    },
    records: { path: 'data/prompts.csv', id_column: 'id' },
    responses,
  };
  const records = [1, 2, 3, 4, 5, 6].map((n) => `o${n},Offline prompt ${n}: describe the weather today.`);
  execFileSync(python, [seedTaskScript, hub().url, task],
    { input: JSON.stringify({ definition, records_file: `id,prompt\n${records.join('\n')}\n` }), encoding: 'utf8' });
  const folder = spaceCopy({ ...hubConfig(), hub: { ...hubConfig().hub, tasks: [task] } });
  let server = await serveStatic(folder, port);
  try {
    await page.goto(`${base}index.html#/signin`);
    // Installable: Chromium finds a manifest with icons and a worker that answers offline.
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // A Playwright context is an incognito profile, where Chromium never offers to install: every other
    // criterion (manifest, icons, a worker with a fetch handler, a secure origin) must hold.
    expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
    const { url: manifest } = await cdp.send('Page.getAppManifest');
    expect(manifest).toBe(`${base}manifest.webmanifest`);

    const user = isPhone(testInfo) ? 'ana' : 'lead';
    await signInAtProvider(page, user);
    await press(page.getByRole('link', { name: `Start: ${definition.task.title}` }), testInfo);
    const typed = {};
    const answer = async () => {
      await expect(prompt(page)).toContainText('Offline prompt');
      const n = (await prompt(page).textContent()).match(/Offline prompt (\d)/)[1];
      const words = `Indicación sin conexión ${n}: describe el tiempo de hoy.`;
      await page.getByRole('textbox', { name: 'Translation' }).fill(words);
      await press(page.getByRole('button', { name: 'Submit' }), testInfo);
      await expect(prompt(page)).not.toContainText(`Offline prompt ${n}:`);
      typed[`o${n}`] = words;
    };
    const myProgress = page.getByRole('progressbar', { name: 'My progress' });
    await answer();
    await expect(status(page)).toContainText('Answers waiting to be sent together: 1');
    // Waiting for its batch, the answer counts already.
    await expect(myProgress).toHaveAttribute('aria-valuenow', '1');

    // No network at all: the page's server is gone, and the browser is offline.
    await server.stop();
    await context.setOffline(true);
    await page.reload();
    await expect(prompt(page)).toContainText('Offline prompt');
    await expect(page.getByRole('heading', { name: definition.task.title })).toBeVisible();
    // The Hub cannot be reached from the page nor from its worker: the record came from what the worker kept.
    const reach = (url) => page.evaluate((u) => fetch(u).then(() => 'reached', () => 'unreachable'), url);
    expect(await reach(`${hub().url}/api/datasets/${task}`)).toBe('unreachable');
    await answer();
    // Chromium's emulation leaves navigator.onLine true in a page that a worker controls, where a phone with
    // no signal says false: the status line says one or the other, with the answers kept.
    const kept = (n) => new RegExp(`Offline: ${n} answers kept on this device|Answers waiting to be sent together: ${n}`);
    await expect(status(page)).toContainText(kept(2));
    await expect(myProgress).toHaveAttribute('aria-valuenow', '2');
    // Reopened from the address, as an installed app starts: the task list, then the task again.
    await page.goto(`${base}index.html`);
    await expect(page.getByRole('progressbar', { name: `My progress on ${definition.task.title}` })).toHaveAttribute('aria-valuenow', '2');
    await press(page.getByRole('link', { name: `Continue: ${definition.task.title}` }), testInfo);
    await answer();
    await expect(status(page)).toContainText(kept(3));
    await expect(myProgress).toHaveAttribute('aria-valuenow', '3');

    // The network is back: the answers go, once each.
    server = await serveStatic(folder, port);
    await context.setOffline(false);
    const sendNow = page.getByRole('button', { name: 'Send now' });
    await expect(sendNow.or(page.getByText('All answers saved'))).toBeVisible({ timeout: 20_000 });
    if (await sendNow.isVisible()) await press(sendNow, testInfo);
    await expect(status(page)).toContainText('All answers saved', { timeout: 20_000 });
    await expect(myProgress).toHaveAttribute('aria-valuenow', '3');
    const back = JSON.parse(execFileSync(python, [readbackScript, hub().url, responses, user], { encoding: 'utf8' }));
    expect(Object.keys(back.answers).sort()).toEqual(Object.keys(typed).sort());
    for (const [record, words] of Object.entries(typed)) {
      expect(back.answers[record], record).toEqual([{ status: 'submitted', values: { target: words } }]);
    }
  } finally {
    await context.setOffline(false);
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a new version waits until the contributor takes it, and the answers given meanwhile are kept', async ({ page }, testInfo) => {
  const folder = spaceCopy(null); // no config.json: the demo tasks, answered on this device
  const server = await serveStatic(folder, port);
  const myProgress = page.getByRole('progressbar', { name: 'My progress' });
  const rate = async (value) => {
    const before = await prompt(page).textContent();
    await press(page.getByRole('radio', { name: value, exact: true }), testInfo);
    await press(page.getByRole('button', { name: 'Submit' }), testInfo);
    await expect(prompt(page)).not.toHaveText(before);
  };
  try {
    await page.goto(`${base}index.html`);
    await controlled(page);
    await press(page.getByRole('link', { name: 'Sign in to contribute to Rate prompt quality' }), testInfo);
    await page.getByLabel('Your name').fill('ana');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await rate('4');
    await expect(myProgress).toHaveAttribute('aria-valuenow', '1');

    // A new build is deployed: its page and its worker differ from the running ones.
    const sw = path.join(folder, 'dist/sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(/"version":"([0-9a-f]+)"/, '"version":"$1-next"'));
    const index = path.join(folder, 'dist/index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('content="Together: annotate', 'content="Together (next): annotate'));
    // The version the page runs, read from its own page.
    const running = () => page.evaluate(() => document.querySelector('meta[name=description]').content);
    // Coming back to the tab is when a contributor hears of it; the running version goes on meanwhile.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const reloadNow = page.getByRole('button', { name: 'Reload now' });
    await expect(reloadNow).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('status').filter({ has: reloadNow })).toContainText('A new version of this app is ready. Your answers stay on this device while it reloads.');
    await rate('2');
    await expect(myProgress).toHaveAttribute('aria-valuenow', '2');
    expect(await running()).not.toContain('(next)');
    // A reload alone keeps the version the tab has (another tab may still run it), and offers the new one again.
    await page.reload();
    await expect(reloadNow).toBeVisible();
    expect(await running()).not.toContain('(next)');

    await press(reloadNow, testInfo);
    // ('' while the page reloads: its document is on its way.)
    await expect.poll(() => running().catch(() => ''), { timeout: 20_000 }).toContain('(next)');
    await expect(reloadNow).toHaveCount(0);
    await expect(myProgress).toHaveAttribute('aria-valuenow', '2');
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('inside the frame of a Space\'s page on another site, where the browser refuses a worker, the app runs as before', async ({ page }, testInfo) => {
  test.skip(isPhone(testInfo), 'the frame is the same at both sizes');
  const folder = spaceCopy(null);
  const server = await serveStatic(folder, port);
  // The Space's page, on another site (localhost is not 127.0.0.1's site), frames the app as huggingface.co
  // does. This browser blocks third-party cookies (a Playwright context is incognito), and with them workers in
  // framed pages; browsers that partition a frame's storage instead (Firefox, Safari, Chrome's default profile)
  // give the frame a worker of its own, as at the app's own address.
  const framing = `<!DOCTYPE html><title>A Space</title><iframe title="Together" src="${base}index.html" style="width:100%;height:90vh"></iframe>`;
  const host = await serveStatic(folder, port + 1, { files: { '/space.html': framing } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto(`http://localhost:${port + 1}/space.html`);
    const app = page.frameLocator('iframe[title=Together]');
    const frame = page.frames().find((f) => f.url().startsWith(base));
    await expect(app.getByRole('heading', { name: 'Tasks' })).toBeVisible();
    const refused = await frame.evaluate(() => navigator.serviceWorker.getRegistration().then(() => '', (e) => e.name));
    expect(refused).toBe('NotSupportedError');
    // The framed app works online as it did before it had a worker: a contributor answers.
    await app.getByRole('link', { name: 'Sign in to contribute to Rate prompt quality' }).click();
    await app.getByLabel('Your name').fill('ana');
    await app.getByRole('button', { name: 'Sign in' }).click();
    await app.getByRole('radio', { name: '4', exact: true }).click();
    await app.getByRole('button', { name: 'Submit' }).click();
    await expect(app.getByRole('progressbar', { name: 'My progress' })).toHaveAttribute('aria-valuenow', '1');
    await expect(app.getByRole('button', { name: 'Reload now' })).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    await server.stop();
    await host.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
