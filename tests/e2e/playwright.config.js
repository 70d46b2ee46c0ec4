// End-to-end: the release build in Debian's Chromium, at a phone size and a desktop size.
import { defineConfig } from '@playwright/test';

const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const port = Number(process.env.TOGETHER_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.js',
  outputDir: './.output',
  globalSetup: './peers.mjs',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: './.output/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
    // No service worker but in ./offline.spec.js, which is about it: elsewhere one would take the page's requests
    // out of reach of the tests' routes (page.route) and keep a build across tests.
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: `node serve-static.mjs ../../dist ${port}`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
