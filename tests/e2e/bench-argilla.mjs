// Benchmarks against the real argilla-server on loopback (started and seeded here, 60 rating records).
// Prints figures; asserts nothing.   node tests/e2e/bench-argilla.mjs [runs]
// Measures: opening a dataset to its first record (signed in, cold cache), and Submit to the next record.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import startArgilla from './argilla-peer.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const port = 4181;
const runs = Number(process.argv[2] ?? 3);
process.env.SEED_RATING_RECORDS = '60';
const stopArgilla = await startArgilla();
const peer = JSON.parse(process.env.ARGILLA_E2E);
const server = spawn('node', [`${here}/serve-static.mjs`, `${here}/../../dist`, String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));

const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const base = `http://127.0.0.1:${port}/?argilla=${encodeURIComponent(peer.url)}`;

try {
  const opens = [];
  const submits = [];
  for (let run = 0; run < runs; run++) {
    const user = ['ann1', 'ann2', 'ann3', 'ann4'][run % 4];
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}#/signin`);
    await page.getByRole('textbox', { name: 'Username', exact: true }).fill(user);
    await page.getByLabel('Password', { exact: true }).fill('12345678');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Start: prompt-rating' }).waitFor();
    const prompt = page.getByRole('region', { name: 'Prompt' });
    const started = Date.now();
    await page.goto(`${base}#/t/${peer['prompt-rating']}`);
    await prompt.waitFor();
    opens.push(Date.now() - started);
    for (let i = 0; i < 12; i++) {
      const before = await prompt.textContent();
      await page.getByRole('radio', { name: String(1 + (i % 5)), exact: true }).click();
      const ms = await page.evaluate(async (previous) => {
        const region = () => document.querySelector('section[aria-label="Prompt"]');
        const t0 = performance.now();
        [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Submit').click();
        while (region()?.textContent === previous) await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - t0;
      }, before);
      submits.push(ms);
    }
    await page.getByRole('status').filter({ hasText: 'All answers saved' }).waitFor();
    await context.close();
  }
  console.log(`argilla-server 2.8 on loopback, phone size, ${runs} runs`);
  console.log(`open a dataset to its first record: median ${quantile(opens, 0.5)} ms, max ${Math.max(...opens)} ms`);
  console.log(`submit to next record (${submits.length} submits): median ${quantile(submits, 0.5).toFixed(1)} ms, p95 ${quantile(submits, 0.95).toFixed(1)} ms`);
} finally {
  await browser.close();
  server.kill();
  await stopArgilla();
}
