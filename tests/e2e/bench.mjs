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
const server = await serveStatic(`${here}/../../dist`, port, { gzip: true });

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

  // Hostile sizes: a 5 MB record (markdown and plain) and questions of 1,000 options of every choice type,
  // each opened from the task page until its first field and first question are on screen.
  const options = Array.from({ length: 1000 }, (_, i) => ({ value: `o${i + 1}`, text: `Option ${i + 1}` }));
  const five = `Start. ${'*a* [b](https://x.y) `c` '.repeat(200_000)}`.slice(0, 5_000_000);
  const huge = (id, field, kind) => ({
    task: { id, title: id, fields: [field], questions: [{ name: 'q', title: 'Question', required: false, kind }] },
    records: [{ id: 'r', fields: { prompt: five } }],
  });
  const text = { text: {} };
  const cases = [
    huge('markdown-5mb', { name: 'prompt', title: 'Prompt', use_markdown: true }, text),
    huge('plain-5mb', { name: 'prompt', title: 'Prompt' }, text),
    huge('rating-1000', { name: 'prompt', title: 'Prompt' }, { rating: { options: options.map((_, i) => ({ value: i + 1 })) } }),
    huge('label-1000', { name: 'prompt', title: 'Prompt' }, { label: { options } }),
    huge('multi-label-1000', { name: 'prompt', title: 'Prompt' }, { multi_label: { options } }),
    huge('ranking-1000', { name: 'prompt', title: 'Prompt' }, { ranking: { options } }),
  ];
  for (const one of cases) {
    const times = [];
    for (let run = 0; run < 3; run++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await context.addInitScript(() => localStorage.setItem('together:user', 'bench'));
      await context.route('**/demo-tasks.json', (route) => route.fulfill({ json: { tasks: [one] } }));
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/#/`);
      await page.getByRole('heading', { name: one.task.id }).waitFor();
      const started = Date.now();
      await page.evaluate((id) => { location.hash = `#/t/${id}`; }, one.task.id);
      await page.getByRole('region', { name: 'Prompt' }).waitFor();
      await page.getByText('Question', { exact: true }).first().waitFor();
      times.push(Date.now() - started);
      await context.close();
    }
    console.log(`${one.task.id.padEnd(17)} task page → first screen (3 runs): median ${quantile(times, 0.5)} ms, max ${Math.max(...times)} ms`);
  }
} finally {
  await browser.close();
  await server.stop();
}
