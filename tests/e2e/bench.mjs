// Benchmarks of the release build in Chromium at phone size. Prints figures; asserts nothing.
//   node tests/e2e/bench.mjs [runs]
// Measures: load to the first record (cold cache, a fresh profile each run), and Submit to the next record
// (20 ratings in a row, median and 95th percentile).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const port = 4180;
const runs = Number(process.argv[2] ?? 5);
const server = spawn('node', [`${here}/serve-static.mjs`, `${here}/../../dist`, String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));

const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

try {
  const loads = [];
  const submits = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addInitScript(() => localStorage.setItem('together:user', 'bench'));
    const page = await context.newPage();
    const prompt = page.getByRole('region', { name: 'Prompt' });
    const started = Date.now();
    await page.goto(`http://127.0.0.1:${port}/#/t/prompt-ranking`);
    await prompt.waitFor();
    loads.push(Date.now() - started);
    for (let i = 0; i < 20; i++) {
      const before = await prompt.textContent();
      await page.getByRole('radio', { name: String(1 + (i % 5)), exact: true }).click();
      // Time from the click on Submit until another record's text is in the DOM, measured in the page.
      const ms = await page.evaluate(async (previous) => {
        const region = () => document.querySelector('section[aria-label="Prompt"]');
        const t0 = performance.now();
        [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Submit').click();
        while (region()?.textContent === previous) await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - t0;
      }, before);
      submits.push(ms);
    }
    await context.close();
  }
  console.log(`load to first record (cold, ${runs} runs):   median ${quantile(loads, 0.5)} ms, max ${Math.max(...loads)} ms`);
  console.log(`submit to next record (${submits.length} submits): median ${quantile(submits, 0.5).toFixed(1)} ms, p95 ${quantile(submits, 0.95).toFixed(1)} ms`);
} finally {
  await browser.close();
  server.kill();
}
