// Benchmarks against the real argilla-server on loopback (started and seeded here, 60 rating records).
// Prints figures; asserts nothing.   node tests/e2e/bench-argilla.mjs [runs]
// Measures: opening a dataset to its first record (signed in, cold cache), and Submit to the next record.
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve-static.mjs';
import { launch, quantile, timeSubmits } from './bench-lib.mjs';
import { startArgilla } from './peers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const port = 4181;
const runs = Number(process.argv[2] ?? 3);
process.env.SEED_RATING_RECORDS = '60';
const stopArgilla = await startArgilla();
const peer = JSON.parse(process.env.ARGILLA_E2E);
const server = await serveStatic(`${here}/../../dist`, port, { gzip: true });

const browser = await launch();
const base = `http://127.0.0.1:${port}/?argilla=${encodeURIComponent(peer.url)}`;

try {
  const opens = [];
  const submits = [];
  for (let run = 0; run < runs; run++) {
    const user = ['ann1', 'ann2', 'ann3', 'ann4'][run % 4];
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}#/signin`);
    await page.getByRole('button', { name: `Continue to ${new URL(peer.url).host}` }).click();
    await page.getByRole('textbox', { name: 'Username', exact: true }).fill(user);
    await page.getByLabel('Password', { exact: true }).fill('12345678');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Start: prompt-rating' }).waitFor();
    const prompt = page.getByRole('region', { name: 'Prompt' });
    const started = Date.now();
    await page.goto(`${base}#/t/${peer['prompt-rating']}`);
    await prompt.waitFor();
    opens.push(Date.now() - started);
    submits.push(...(await timeSubmits(page, 12)));
    await page.getByRole('status').filter({ hasText: 'All answers saved' }).waitFor();
    await context.close();
  }
  console.log(`argilla-server 2.8 on loopback, phone size, ${runs} runs`);
  console.log(`open a dataset to its first record: median ${quantile(opens, 0.5)} ms, max ${Math.max(...opens)} ms`);
  console.log(`submit to next record (${submits.length} submits): median ${quantile(submits, 0.5).toFixed(1)} ms, p95 ${quantile(submits, 0.95).toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.stop();
  await stopArgilla();
}
