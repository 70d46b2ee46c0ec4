// The static Space that scripts/space packages, served from its root as the Hub serves it: the app lives at
// dist/index.html (a base path), and Hugging Face sign-in uses the client the Space provides in
// window.huggingface.variables (hf_oauth: true), with no OAuth settings in config.json.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hub } from './hub-app.mjs';
import { serveStatic } from './serve-static.mjs';

const spaceDir = process.env.TOGETHER_SPACE_DIR ?? fileURLToPath(new URL('../../space', import.meta.url));
const port = 4174;
let server;

// As a static Space serves the page: its variables in an inline script injected right after <head>, which the
// page's Content-Security-Policy (a <meta> further down) must let run.
let variables = null;
const injectVariables = (path, body) => {
  if (!variables || path !== '/dist/index.html') return body;
  return body.toString('utf8').replace('<head>', `<head><script>window.huggingface = ${JSON.stringify({ variables })};</script>`);
};

test.beforeAll(async () => {
  server = await serveStatic(spaceDir, port, { transform: injectVariables });
});
test.afterAll(() => server?.stop());

test('the packaged Space: front matter, first line, assets under dist/, sign-in with the Space client', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'packaging does not depend on the screen');
  const readme = readFileSync(`${spaceDir}/README.md`, 'utf8');
  for (const line of ['sdk: static', 'app_file: dist/index.html', 'hf_oauth: true', '  - write-discussions']) {
    expect(readme).toContain(`\n${line}\n`);
  }
  expect(readFileSync(`${spaceDir}/dist/index.html`, 'utf8').split('\n')[0]).toMatch(/^<!DOCTYPE html><html[^>]*><head>/);

  expect(readFileSync(`${spaceDir}/dist/index.html`, 'utf8')).toContain('http-equiv="Content-Security-Policy"');
  variables = { OAUTH_CLIENT_ID: 'space-client', OAUTH_SCOPES: 'openid profile write-discussions', OPENID_PROVIDER_URL: hub().issuer };
  await page.route('**/config.json', (route) => route.fulfill({
    json: { hub: { endpoint: hub().url, datasets_server: `${hub().url}/viewer`, tasks: [hub().task] } },
  }));
  await page.goto(`http://127.0.0.1:${port}/dist/index.html#/signin`);
  await expect(page.getByText('Sign in with your Hugging Face account.')).toBeVisible();
  // Only where the browser is sent matters here (the provider knows no "space-client"): answer for it.
  await page.route((url) => url.href.startsWith(`${hub().issuer}/auth?`), (route) => route.fulfill({ body: 'the provider' }));
  const authorize = page.waitForRequest((request) => request.url().startsWith(`${hub().issuer}/auth`));
  await page.getByRole('button', { name: 'Sign in with Hugging Face' }).click();
  const url = new URL((await authorize).url());
  expect(url.searchParams.get('client_id')).toBe('space-client');
  expect(url.searchParams.get('scope')).toBe('openid profile write-discussions');
  expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/dist/index.html`);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/);
});

test('the packaged Space ships the progress widget: the app\'s route goes to it, and it reads the Hub task', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'packaging does not depend on the screen');
  await page.route('**/config.json', (route) => route.fulfill({
    json: { hub: { endpoint: hub().url, datasets_server: `${hub().url}/viewer`, tasks: [hub().task] } },
  }));
  const loader = await page.request.get(`http://127.0.0.1:${port}/dist/embed/together-embed.js`);
  expect(loader.ok()).toBe(true);
  await page.goto(`http://127.0.0.1:${port}/dist/index.html#/embed/progress?lang=en`);
  await expect(page).toHaveURL(`http://127.0.0.1:${port}/dist/embed/index.html#/embed/progress?lang=en`);
  await expect(page.getByRole('progressbar', { name: 'Translate prompts into Spanish' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Contribute' })).toHaveAttribute('href', `http://127.0.0.1:${port}/dist/index.html#/t/mpep%2Fprompts-es`);
});

test('the packaged Space starts the lead build for a dashboard under its dist/ path', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'packaging does not depend on the screen');
  await page.route('**/config.json', (route) => route.fulfill({
    json: { hub: { endpoint: hub().url, datasets_server: `${hub().url}/viewer`, tasks: [hub().task] } },
  }));
  const wasm = [];
  page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname); });
  await page.goto(`http://127.0.0.1:${port}/dist/index.html#/dashboard`);
  await expect(page.getByRole('heading', { name: 'Progress of every task' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Translate prompts into Spanish' })).toBeVisible();
  expect(wasm).toEqual([expect.stringMatching(/^\/dist\/together-lead-[0-9a-f]+_bg\.wasm$/)]);
});
