// Benchmarks of a Hub-native task against the fake Hub and the OpenID provider on loopback (started here; the
// rating task has 500 records, in the JSONL file its together.json names). Prints figures; asserts nothing.
//   node tests/e2e/bench-hub.mjs [runs]
// Measures: opening the task to its first record (signed in, cold cache: definition, records file, the
// responses repo), Submit to the next record, and how long a batch of five answers takes to be committed.
// Then a crowd of 1,000 contributors answers 10 records each (10,000 responses in 1,000 files, committed with
// huggingface_hub), and it measures the progress widget and the dashboard opening on that task (cold, anonymous),
// with the Hub requests each made; then again after `together-hub compact` folded the files into one snapshot.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve-static.mjs';
import { launch, quantile, timeSubmits } from './bench-lib.mjs';
import { signInAtProvider } from './hub-app.mjs';
import { startHub } from './peers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const python = `${here}/../../.venv-test/bin/python`;
const port = 4182;
const runs = Number(process.argv[2] ?? 3);
process.env.HUB_RATING_RECORDS = '500';
const stopHub = await startHub(port, { treePage: 1000 });
const hub = JSON.parse(process.env.HUB_E2E);
const server = await serveStatic(`${here}/../../dist`, port, { gzip: true });

const config = {
  hub: { endpoint: hub.url, datasets_server: `${hub.url}/viewer`, tasks: [hub.rating_task] },
  oauth: { client_id: 'together', scopes: 'openid profile', provider_url: hub.issuer },
};
const browser = await launch();
const base = `http://127.0.0.1:${port}/`;
// A fresh browser profile at phone size, reading this configuration.
async function phone() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.route('**/config.json', (route) => route.fulfill({ json: config }));
  return context;
}

try {
  const opens = [];
  const submits = [];
  const batches = [];
  for (let run = 0; run < runs; run++) {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${base}#/signin`);
    await signInAtProvider(page, `rater${run}`);
    await page.getByRole('link', { name: 'Start: Rate prompt quality' }).waitFor();
    // A cold start of the task page: a new tab of the same browser, nothing read yet.
    const fresh = await context.newPage();
    const prompt = fresh.getByRole('region', { name: 'Prompt' });
    const started = Date.now();
    await fresh.goto(`${base}#/t/${encodeURIComponent(hub.rating_task)}`);
    await prompt.waitFor();
    opens.push(Date.now() - started);
    submits.push(...(await timeSubmits(fresh, 9)));
    // The ninth answer leaves four waiting; the tenth fills a batch: time until the Hub has it.
    await fresh.getByRole('radio', { name: '3', exact: true }).click();
    const sent = Date.now();
    await fresh.getByRole('button', { name: 'Submit' }).click();
    await fresh.getByRole('status').filter({ hasText: 'All answers saved' }).waitFor();
    batches.push(Date.now() - sent);
    await context.close();
  }
  console.log(`Hub-native task (500 records) on the fake Hub, loopback, phone size, ${runs} runs`);
  console.log(`open the task to its first record: median ${quantile(opens, 0.5)} ms, max ${Math.max(...opens)} ms`);
  console.log(`submit to next record (${submits.length} submits): median ${quantile(submits, 0.5).toFixed(1)} ms, p95 ${quantile(submits, 0.95).toFixed(1)} ms`);
  console.log(`a full batch of five answers committed (preupload + commit): median ${quantile(batches, 0.5)} ms, max ${Math.max(...batches)} ms`);

  const crowd = JSON.parse(execFileSync(python, [`${here}/../support/hub/seed_crowd.py`, hub.url,
    'mpep/prompt-ratings-responses', '500', '1000', '10'], { encoding: 'utf8' }));
  const task = encodeURIComponent(hub.rating_task);
  // Milliseconds and Hub requests from opening `address` in a new tab of `context` until `shown` is on screen.
  const timeOpen = async (context, address, shown) => {
    const page = await context.newPage();
    let requests = 0;
    page.on('request', (r) => { if (r.url().startsWith(hub.url)) requests++; });
    const started = Date.now();
    await page.goto(address);
    await shown(page).waitFor({ timeout: 120_000 });
    return { ms: Date.now() - started, requests };
  };
  const widgetAddress = `${base}embed/index.html#/embed/progress?tasks=${task}&lang=en`;
  const widgetFigures = (page) => page.getByText(/^10\d\d contributors · /);
  const measure = async (label) => {
    const widgetOpens = [];
    const widgetReturns = [];
    const dashboardOpens = [];
    for (let run = 0; run < runs; run++) {
      const context = await phone();
      widgetOpens.push(await timeOpen(context, widgetAddress, widgetFigures));
      // The same reader again: the browser kept what the widget read, and the head has not moved.
      widgetReturns.push(await timeOpen(context, widgetAddress, widgetFigures));
      dashboardOpens.push(await timeOpen(context, `${base}#/dashboard/${task}`,
        (page) => page.getByRole('table', { name: 'Top contributors' })));
      await context.close();
    }
    const say = (what, all) => console.log(`  ${what}: median ${quantile(all.map((o) => o.ms), 0.5)} ms, max ${Math.max(...all.map((o) => o.ms))} ms, ${quantile(all.map((o) => o.requests), 0.5)} Hub requests`);
    console.log(`${label}, ${runs} runs, cold unless said:`);
    say('progress widget, open to figures', widgetOpens);
    say("the same reader's widget again (head unchanged, files kept by the browser)", widgetReturns);
    say('dashboard, open to figures', dashboardOpens);
  };
  await measure(`a crowd of ${crowd.files} contributors, ${crowd.responses} responses in ${crowd.files} files`);
  // The lead compacts the responses repo (together-hub, built from this workspace): one snapshot.
  const compacted = JSON.parse(execFileSync('cargo', ['run', '-q', '--release', '-p', 'together-hub', '--', 'compact',
    'mpep/prompt-ratings-responses', '--endpoint', hub.url], { cwd: `${here}/../..`, encoding: 'utf8', env: { ...process.env, HF_TOKEN: 'hf_lead' } }));
  await measure(`after compaction (${compacted.folded} files folded into one snapshot of ${compacted.answers} answers)`);
} finally {
  await browser.close();
  await server.stop();
  await stopHub();
}
