// Benchmarks of the release build in Chromium at phone size. Prints figures; asserts nothing.
//   node tests/e2e/bench.mjs [runs]
// Measures: load to the first record (cold cache, a fresh profile each run), and Submit to the next record
// (20 ratings in a row, median and 95th percentile).
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve-static.mjs';
import { launch, quantile, timeSubmits } from './bench-lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const port = 4180;
const runs = Number(process.argv[2] ?? 5);
const server = await serveStatic(`${here}/../../dist`, port);

const browser = await launch();

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
    submits.push(...(await timeSubmits(page, 20)));
    await context.close();
  }
  console.log(`load to first record (cold, ${runs} runs):   median ${quantile(loads, 0.5)} ms, max ${Math.max(...loads)} ms`);
  console.log(`submit to next record (${submits.length} submits): median ${quantile(submits, 0.5).toFixed(1)} ms, p95 ${quantile(submits, 0.95).toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.stop();
}
