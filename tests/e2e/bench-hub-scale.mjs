// The scale run of a Hub-native task: 10,000 records, 1,000 contributors, 20,000 answers in 4,000 batch files
// and 50 open pull requests, on the fake Hub and the OpenID provider on loopback (started here). Prints figures;
// asserts nothing. About 20 minutes.
//   node tests/e2e/bench-hub-scale.mjs
// For each state of the responses repo (as the crowd left it; then merged and compacted by together-hub) and
// each profile (loopback as it is; Chromium's "mobile": 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x
// slower), it prints the Hub requests, bytes and time of: a signed-in contributor's task list, opening the task
// to its first record, and Submit → next record; the progress widget, cold and for a returning reader; the
// dashboard, with the page's JS heap once it is shown (CDP Runtime.getHeapUsage).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve-static.mjs';
import { launch, quantile, timeSubmits } from './bench-lib.mjs';
import { signInAtProvider } from './hub-app.mjs';
import { startHub } from './peers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const python = `${here}/../../.venv-test/bin/python`;
const port = 4183;
process.env.HUB_RATING_RECORDS = '10000';
const stopHub = await startHub(port, { treePage: 1000 });
const hub = JSON.parse(process.env.HUB_E2E);
const responses = 'mpep/prompt-ratings-responses';
const config = {
  hub: { endpoint: hub.url, datasets_server: `${hub.url}/viewer`, tasks: [hub.rating_task] },
  oauth: { client_id: 'together', scopes: 'openid profile', provider_url: hub.issuer },
};
// config.json as a file: Playwright's routing would turn the browser's HTTP cache off.
const server = await serveStatic(`${here}/../../dist`, port, { files: { '/config.json': JSON.stringify(config) }, gzip: true });
const base = `http://127.0.0.1:${port}/`;
const task = encodeURIComponent(hub.rating_task);
const profiles = [
  ['loopback', null],
  ['mobile (150 ms RTT, 1.6 Mbit/s, CPU 4x)', { latency: 150, down: 1.6e6 / 8, up: 0.75e6 / 8, cpu: 4 }],
];
const browser = await launch();

async function phone() {
  return browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
}

/** Open `address` in a new tab of `context` under `profile` until `shown` is on screen: its time, and the Hub
 * requests and bytes (as received, headers included) so far and later. */
async function open(context, profile, address, shown, { cold = true } = {}) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (cold) await cdp.send('Network.clearBrowserCache');
  const hubRequests = new Set();
  const counts = { requests: 0, bytes: 0, avatars: 0, cached: 0 };
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith(hub.url)) return;
    // Contributors' avatars (images the leaderboard shows) are counted apart from the task's data.
    if (e.request.url.includes('/api/users/')) { counts.avatars++; return; }
    if (e.request.url.includes('/avatars/')) return; // where an avatar's address redirects
    hubRequests.add(e.requestId);
    counts.requests++;
  });
  cdp.on('Network.loadingFinished', (e) => { if (hubRequests.has(e.requestId)) counts.bytes += e.encodedDataLength; });
  // Answered from the browser's HTTP cache (files and listings at a commit): asked, but not of the Hub.
  cdp.on('Network.requestServedFromCache', (e) => { if (hubRequests.has(e.requestId)) counts.cached++; });
  if (profile) {
    await cdp.send('Network.emulateNetworkConditions',
      { offline: false, latency: profile.latency, downloadThroughput: profile.down, uploadThroughput: profile.up });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  const started = Date.now();
  await page.goto(address);
  try {
    await shown(page).waitFor({ timeout: Number(process.env.BENCH_WAIT_MS ?? 600_000) });
  } catch (error) {
    throw new Error(`${address} showed, after ${(Date.now() - started) / 1000} s: ${await page.locator('body').innerText()}`);
  }
  return { page, cdp, ms: Date.now() - started, counts };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const say = (what, o) => console.log(`    ${what}: ${(o.ms / 1000).toFixed(2)} s, ${o.counts.requests - o.counts.cached} Hub requests${o.counts.cached ? ` (and ${o.counts.cached} answered by the browser's cache)` : ''}, ${kb(o.counts.bytes)}${o.counts.avatars ? ` (and ${o.counts.avatars} avatars)` : ''}`);

let rater = 0;
async function measure(profileName, profile) {
  console.log(`  ${profileName}:`);
  // A signed-in contributor, cold: the task list, then the task in a new tab, then five answers.
  const contributor = await phone();
  const signIn = await contributor.newPage();
  await signIn.goto(`${base}#/signin`);
  await signInAtProvider(signIn, `scale${rater++}`);
  await signIn.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 900_000 });
  await signIn.close();
  const list = await open(contributor, profile, `${base}#/`, (p) => p.getByRole('link', { name: 'Start: Rate prompt quality' }));
  say('task list, signed in', list);
  await list.page.close();
  const annotate = await open(contributor, profile, `${base}#/t/${task}`, (p) => p.getByRole('region', { name: 'Prompt' }));
  say('open the task → first record', annotate);
  const opened = { ...annotate.counts };
  // Four answers: the batch of five is not full, so the head does not move.
  const submits = await timeSubmits(annotate.page, 4);
  console.log(`    Submit → next record: median ${quantile(submits, 0.5).toFixed(1)} ms over 4 (${annotate.counts.requests - opened.requests} Hub requests meanwhile)`);
  await annotate.page.close();
  const back = await open(contributor, profile, `${base}#/t/${task}`, (p) => p.getByRole('region', { name: 'Prompt' }), { cold: false });
  say('the same contributor opening it again (head unchanged: files at that commit from the browser\'s cache)', back);
  await contributor.close();

  // A reader of the widget, cold, then again (the browser kept what it read).
  const reader = await phone();
  const figures = (p) => p.getByText(/^[\d,]+ contributors · /);
  const widget = `${base}embed/index.html#/embed/progress?tasks=${task}&lang=en`;
  const cold = await open(reader, profile, widget, figures);
  say('widget, cold', cold);
  await cold.page.close();
  const again = await open(reader, profile, widget, figures, { cold: false });
  say('widget, the same reader again', again);
  await reader.close();

  const lead = await phone();
  const dashboard = await open(lead, profile, `${base}#/dashboard/${task}`, (p) => p.getByRole('table', { name: 'Top contributors' }));
  const heap = await dashboard.cdp.send('Runtime.getHeapUsage');
  say('dashboard', dashboard);
  console.log(`    JS heap after the dashboard: ${(heap.usedSize / 1048576).toFixed(1)} MB used of ${(heap.totalSize / 1048576).toFixed(1)} MB`);
  await lead.close();
}

try {
  const crowd = JSON.parse(execFileSync(python, [`${here}/../support/hub/seed_crowd.py`, hub.url, responses,
    '7000', '1000', '20', '--files-each', '4', '--pulls', '50'], { encoding: 'utf8', maxBuffer: 1 << 24 }));
  // Spread over the first 7,000 records: those are complete (two answers wanted), 3,000 still need answers.
  console.log(`Hub-native task of 10,000 records; ${crowd.responses} answers on 7,000 of them from 1,000 contributors in ${crowd.files} files, and ${crowd.pulls} open pull requests`);
  for (const [name, profile] of profiles) await measure(name, profile);
  // The lead merges the pull requests and compacts (together-hub, built from this workspace).
  const merged = execFileSync('cargo', ['run', '-q', '--release', '-p', 'together-hub', '--', 'merge', responses,
    '--endpoint', hub.url], { cwd: `${here}/../..`, encoding: 'utf8', env: { ...process.env, HF_TOKEN: 'hf_lead' } })
    .trim().split('\n').map((l) => JSON.parse(l));
  console.log(`After together-hub merge: ${merged[0].merged.length} pull requests merged, then ${merged[1].folded} files folded into one snapshot of ${merged[1].answers} answers`);
  for (const [name, profile] of profiles) await measure(name, profile);
} finally {
  await browser.close();
  await server.stop();
  await stopHub();
}
