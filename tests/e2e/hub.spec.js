// Hub-native tasks with Hugging Face sign-in: a standards-compliant OpenID provider (npm oidc-provider, PKCE
// required) and the fake Hub that trusts its tokens, both started by ./peers.mjs. Answers are read back with the
// official huggingface_hub client. The phone signs in as "ana", who may not write to the dataset (her answers
// go in a pull request); the desktop as "lead", a member of the dataset's organisation (direct commits).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hub, hubConfig as config, rateLimit as limit, signInAtProvider } from './hub-app.mjs';
import { serveStatic } from './serve-static.mjs';

const isPhone = (testInfo) => testInfo.project.name === 'phone';
const python = fileURLToPath(new URL('../../.venv-test/bin/python', import.meta.url));
const readbackScript = fileURLToPath(new URL('../support/hub/readback.py', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const seedCrowdScript = fileURLToPath(new URL('../support/hub/seed_crowd.py', import.meta.url));
const seedTaskScript = fileURLToPath(new URL('../support/hub/seed_task.py', import.meta.url));
const progressScript = fileURLToPath(new URL('../support/hub/progress.py', import.meta.url));
const openPullsScript = fileURLToPath(new URL('../support/hub/open_pulls.py', import.meta.url));
const filesScript = fileURLToPath(new URL('../support/hub/files.py', import.meta.url));
/** A task's progress as huggingface_hub reads it from the Hub (progress.py). */
const progressOf = (task) => JSON.parse(execFileSync(python, [progressScript, hub().url, task], { encoding: 'utf8' }));
/** The batch files and snapshots on a responses repo's main, as huggingface_hub lists them. */
const answerFiles = (responses) => JSON.parse(execFileSync(python, [filesScript, hub().url, responses], { encoding: 'utf8' }));

async function press(locator, testInfo) {
  if (isPhone(testInfo)) await locator.tap();
  else await locator.click();
}

const status = (page) => page.locator('.delivery-status');
const prompt = (page) => page.getByRole('region', { name: 'Prompt' });

/** Translate the prompt `tab` shows (`words(n)` for prompt n), submit, and note the answer in `typed` by record. */
async function translate(tab, typed, words, testInfo) {
  await expect(prompt(tab)).toContainText('Prompt number');
  const text = (await prompt(tab).textContent()).match(/Prompt number (\d+)/)[1];
  const translation = words(text);
  await tab.getByRole('textbox', { name: 'Translation' }).fill(translation);
  await press(tab.getByRole('button', { name: 'Submit' }), testInfo);
  await expect(prompt(tab)).not.toContainText(`Prompt number ${text}:`);
  typed[`p${text.padStart(2, '0')}`] = translation;
}

/** What `huggingface_hub` reads back of `user`'s answers; each answer `typed` must be there exactly once. */
function readBackOnce(user, typed) {
  const back = JSON.parse(execFileSync(python, [readbackScript, hub().url, hub().responses, user], { encoding: 'utf8' }));
  expect(Object.keys(back.answers).sort()).toEqual(Object.keys(typed).sort());
  for (const [record, translation] of Object.entries(typed)) {
    expect(back.answers[record], record).toEqual([{ status: 'submitted', values: { target: translation } }]);
  }
  return back;
}

test.beforeEach(async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ json: config() }));
});

test('Hugging Face sign-in with PKCE: a tampered state is refused; sign in, sign out', async ({ page, context }, testInfo) => {
  test.skip(isPhone(testInfo), 'the sign-in itself does not depend on the screen; the phone signs in below');
  await page.goto('./#/signin');
  await expect(page.getByText('Sign in with your Hugging Face account.')).toBeVisible();
  // Someone swaps the state on its way through the provider: the app must refuse the code that comes back.
  await page.route((url) => url.href.startsWith(`${hub().issuer}/auth?`), (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('state', 'forged');
    return route.continue({ url: url.toString() });
  });
  await signInAtProvider(page, 'mallory');
  await expect(page.getByRole('alert')).toContainText('The sign-in response did not match the request this browser sent');
  await expect(page).not.toHaveURL(/code=|state=/);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.route('**/config.json', (route) => route.fulfill({ json: config() }));

  await context.clearCookies(); // the provider's own session: sign in there as someone else
  await page.goto('./#/signin');
  await signInAtProvider(page, 'lead');
  await expect(page.getByRole('navigation', { name: 'Account' }).getByText('lead')).toBeVisible();
  await expect(page).not.toHaveURL(/code=|state=/);
  await expect(page.getByRole('heading', { name: 'Translate prompts into Spanish' })).toBeVisible();
  await expect(page.getByText(`Answers are committed to Hugging Face datasets on ${new URL(hub().url).host}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('a Hub-native task: answers go in batches, survive going offline and a reload, and arrive exactly once', async ({ page, context }, testInfo) => {
  const user = isPhone(testInfo) ? 'ana' : 'lead';
  await page.goto('./#/signin');
  await signInAtProvider(page, user);
  await press(page.getByRole('link', { name: 'Start: Translate prompts into Spanish' }), testInfo);

  const typed = {};
  const answer = () => translate(page, typed, (n) => `Instrucción número ${n}: explica algo interesante.`, testInfo);

  // Two answers wait for a batch of five.
  await answer();
  await answer();
  await expect(status(page)).toContainText('Answers waiting to be sent together: 2');
  // The network goes away as the batch fills: the five answers stay on this device.
  await context.setOffline(true);
  await answer();
  await answer();
  await answer();
  await expect(status(page)).toContainText('Offline: 5 answers kept on this device');
  await context.setOffline(false);
  await expect(status(page)).toContainText('All answers saved', { timeout: 20_000 });

  // One more waits for the next batch, across a reload; "Send now" sends it.
  await answer();
  await expect(status(page)).toContainText('Answers waiting to be sent together: 1');
  await page.reload();
  await expect(status(page)).toContainText('Answers waiting to be sent together: 1');
  await expect(prompt(page)).toContainText('Prompt number');
  const shown = (await prompt(page).textContent()).match(/Prompt number (\d+)/)[1];
  expect(Object.keys(typed)).not.toContain(`p${shown.padStart(2, '0')}`);
  await press(page.getByRole('button', { name: 'Send now' }), testInfo);
  await expect(status(page)).toContainText('All answers saved');
  // Not a member, ana is told her answers wait in a pull request, and can open it.
  const pullRequest = status(page).getByRole('link', { name: 'See the pull request' });
  if (isPhone(testInfo)) {
    await expect(status(page)).toContainText('Your answers go to the dataset as a pull request, for its owners to merge.');
    await expect(pullRequest).toHaveAttribute('href', new RegExp(`^${hub().url}/datasets/${hub().responses}/discussions/\\d+$`));
  } else {
    await expect(pullRequest).toHaveCount(0);
  }
  if (isPhone(testInfo)) {
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot-phone-hub.png', import.meta.url)) });
  }

  const back = readBackOnce(user, typed);
  // The dashboard reads the figures back from the responses repo (and, for ana, her pull request).
  await page.goto('./#/dashboard/mpep%2Fprompts-es');
  await expect(page.getByRole('heading', { name: 'Dashboard: Translate prompts into Spanish' })).toBeVisible();
  const me = page.getByRole('table', { name: 'Top contributors' }).getByRole('row').filter({ hasText: user });
  await expect(me.getByRole('link', { name: user })).toHaveAttribute('href', `${hub().url}/${user}`);
  await expect(me.getByRole('cell').last()).toHaveText(String(Object.keys(typed).length));

  // Two batches, two files; not a member of mpep, ana's went in a pull request; the lead's straight to main.
  expect(Object.keys(back.files)).toHaveLength(2);
  for (const revision of Object.values(back.files)) {
    if (isPhone(testInfo)) expect(revision).toMatch(/^refs\/pr\/\d+$/);
    else expect(revision).toBe('main');
  }
});

test('two tabs on one Hub task: every answer of both arrives, once', async ({ page, context }, testInfo) => {
  const user = isPhone(testInfo) ? 'tabs-phone' : 'tabs-desk';
  await page.goto('./#/signin');
  await signInAtProvider(page, user);
  await press(page.getByRole('link', { name: 'Start: Translate prompts into Spanish' }), testInfo);
  const typed = {};
  const answer = (tab) => translate(tab, typed, (n) => `Pestaña ${tab === page ? 'A' : 'B'}, instrucción ${n}.`, testInfo);
  await answer(page);
  await answer(page);
  // A second tab, on the last record: it takes over what waits on this device and adds its own answer; the
  // first tab sends only what it is given after that.
  const other = await context.newPage();
  await other.route('**/config.json', (route) => route.fulfill({ json: config() }));
  const untouched = ['p12', 'p11', 'p10'].find((id) => !(id in typed));
  await other.goto(`./#/t/mpep%2Fprompts-es/r/${untouched}`);
  await answer(other);
  await answer(page);
  await expect(status(page)).toContainText('Answers waiting to be sent together: 1');
  await expect(status(other)).toContainText('Answers waiting to be sent together: 3');
  // One after the other: two commits at once to one pull request would meet a conflict and a retry.
  await press(page.getByRole('button', { name: 'Send now' }), testInfo);
  await expect(status(page)).toContainText('Sending 3 answers…');
  await press(other.getByRole('button', { name: 'Send now' }), testInfo);
  await expect(status(other)).toContainText('All answers saved');
  await expect(status(page)).toContainText('All answers saved');
  await other.close();
  readBackOnce(user, typed);
});

test('a declined sign-in is said plainly, and inside another page the sign-in opens in its own tab', async ({ page, context }, testInfo) => {
  test.skip(isPhone(testInfo), 'the sign-in itself does not depend on the screen');
  await page.goto('./?error=access_denied&error_description=The+user+did+not+authorize+the+app#/signin');
  await expect(page.getByRole('alert')).toContainText('Sign-in failed: access_denied: The user did not authorize the app');
  await expect(page).not.toHaveURL(/error=/);

  // A community page on another origin (loopback too: Chromium keeps public pages from framing loopback) frames
  // the app, as the Space page does.
  await context.route('**/config.json', (route) => route.fulfill({ json: config() }));
  const app = new URL('./', testInfo.project.use.baseURL).toString();
  const dir = mkdtempSync(path.join(tmpdir(), 'together-host-'));
  writeFileSync(path.join(dir, 'community.html'),
    `<!doctype html><title>Community</title><iframe title="Together" src="${app}#/signin" width="390" height="700"></iframe>`);
  const hostPort = 4176;
  const server = await serveStatic(dir, hostPort);
  try {
    await page.goto(`http://localhost:${hostPort}/community.html`);
    const framed = page.frameLocator('iframe[title="Together"]');
    await expect(framed.getByText('This page is shown inside another page')).toBeVisible();
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      framed.getByRole('link', { name: 'Open in a new tab' }).click(),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${app}#/signin?next=%23%2F`);
    await expect(tab.getByRole('button', { name: 'Sign in with Hugging Face' })).toBeVisible();
  } finally {
    await server.stop();
  }
});

test('a task whose together.json is broken is a card saying why; every other task is listed', async ({ page }, testInfo) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ json: { ...config(), hub: { ...config().hub, tasks: ['mpep/broken-task', hub().task] } } }));
  await page.route('**/datasets/mpep/broken-task/resolve/main/together.json', (route) =>
    route.fulfill({ json: { taks: {}, responses: 'mpep/broken-responses' } }));
  await page.goto('./#/signin');
  await signInAtProvider(page, isPhone(testInfo) ? 'ana' : 'lead');
  await expect(page.getByRole('link', { name: /^(Start|Continue): Translate prompts into Spanish$/ })).toBeVisible();
  const broken = page.getByRole('listitem', { name: 'mpep/broken-task' });
  await expect(broken.getByRole('alert')).toContainText('This task cannot be opened: mpep/broken-task/together.json: unknown key “taks”');
  await page.goto('./#/dashboard');
  await expect(page.getByRole('row', { name: /mpep\/broken-task/ })).toContainText('unknown key “taks”');
  await expect(page.getByRole('link', { name: 'Translate prompts into Spanish' })).toBeVisible();
});

test('a responses repo whose listing spans many pages: every answer counts in the dashboard and the widget, before and after compaction', async ({ page }, testInfo) => {
  // 30 contributors' files under data/: with the fake Hub's tree pages of four entries (folders count too),
  // the listing is fifteen pages. A reader that stopped at the first would count two contributors.
  const task = `mpep/crowd-${testInfo.project.name}`;
  const responses = `${task}-responses`;
  const seeded = JSON.parse(execFileSync(python, [seedCrowdScript, hub().url, responses, '40', '30', '2', '--task', task], { encoding: 'utf8' }));
  expect(seeded).toEqual({ files: 30, responses: 60, pulls: 0 });
  const truth = progressOf(task);
  expect(truth.submitted).toBe(60);
  expect(truth.contributors).toBe(30);
  await page.route('**/config.json', (route) => route.fulfill({ json: { ...config(), hub: { ...config().hub, tasks: [task] } } }));
  const pages = [];
  page.on('request', (r) => { if (r.url().includes(`/api/datasets/${responses}/tree/`)) pages.push(r.url()); });

  await page.goto(`./#/dashboard/${encodeURIComponent(task)}`);
  await expect(page.getByRole('heading', { name: `Dashboard: Rate 40 prompts (${task})` })).toBeVisible();
  const figures = page.getByRole('definition');
  await expect(figures.nth(0)).toHaveText(truth.percent);
  await expect(figures.nth(1)).toHaveText(`${truth.completed} of ${truth.records}`);
  await expect(figures.nth(2)).toHaveText(String(truth.submitted));
  await expect(figures.nth(3)).toHaveText(String(truth.contributors));
  expect(new Set(pages).size).toBe(15);
  // Agreement beyond chance, as the krippendorff package works it out from the same answers.
  await expect(page.getByRole('heading', { name: 'Agreement beyond chance' })).toBeVisible();
  const { alpha, values } = truth.alpha['Rate the quality of the prompt'];
  expect(alpha).toMatch(/^-?\d\.\d\d$/);
  await expect(figures.filter({ hasText: 'α = ' })).toContainText(`α = ${alpha} (95% interval `);
  await expect(figures.filter({ hasText: 'α = ' })).toContainText(`from ${values} answers on `);

  // The widget reads the same listing with the same code.
  await page.goto(`./embed/index.html#/embed/progress?tasks=${encodeURIComponent(task)}&lang=en`);
  const bar = page.getByRole('progressbar', { name: `Rate 40 prompts (${task})` });
  await expect(bar).toHaveAttribute('aria-valuetext', `${truth.percent} of the target · ${truth.completed} of ${truth.records} records complete`);
  await expect(page.getByText(`${truth.contributors} contributors · ${truth.submitted} answers submitted`)).toBeVisible();

  // The lead compacts the repo with the command-line tool (the same Hub code, natively): one snapshot instead
  // of thirty files. The dashboard and the widget then show the same figures from one page and one file.
  const compacted = JSON.parse(execFileSync('cargo', ['run', '-q', '-p', 'together-hub', '--', 'compact', responses, '--endpoint', hub().url],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, HF_TOKEN: 'hf_lead' } }));
  expect(compacted).toMatchObject({ compacted: true, answers: 60, folded: 30, kept: 0 });
  expect(progressOf(task)).toEqual(truth);
  const files = [];
  page.on('request', (r) => { if (r.url().includes(`/datasets/${responses}/resolve/`)) files.push(r.url()); });
  pages.length = 0;
  await page.goto(`./#/dashboard/${encodeURIComponent(task)}`);
  await page.reload();
  await expect(figures.nth(2)).toHaveText(String(truth.submitted));
  await expect(figures.nth(0)).toHaveText(truth.percent);
  await expect(figures.nth(3)).toHaveText(String(truth.contributors));
  expect(new Set(pages).size).toBe(1);
  expect(files).toHaveLength(1);
  // Files and listings at a commit id never change, and the browser keeps them: a reload while the head has not
  // moved asks the Hub for the head, and takes the listing and the snapshot from its cache. (A context of its
  // own, with config.json served as a file: Playwright's routing would turn the browser's HTTP cache off.)
  const appPort = 4190 + (isPhone(testInfo) ? 0 : 1);
  const app = await serveStatic(fileURLToPath(new URL('../../dist', import.meta.url)), appPort,
    { files: { '/config.json': JSON.stringify({ ...config(), hub: { ...config().hub, tasks: [task] } }) } });
  const reader = await page.context().browser().newContext();
  try {
    const tab = await reader.newPage();
    await tab.goto(`http://127.0.0.1:${appPort}/#/dashboard/${encodeURIComponent(task)}`);
    const shown = tab.getByRole('definition');
    await expect(shown.nth(2)).toHaveText(String(truth.submitted));
    const cdp = await reader.newCDPSession(tab);
    await cdp.send('Network.enable');
    const cached = new Set();
    const fetched = new Map();
    cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => { if (!e.response.fromDiskCache) fetched.set(e.requestId, e.response.url); });
    await tab.reload();
    await expect(shown.nth(2)).toHaveText(String(truth.submitted));
    await expect(shown.nth(3)).toHaveText(String(truth.contributors));
    const network = [...fetched].filter(([id]) => !cached.has(id)).map(([, url]) => url);
    expect(network.filter((u) => u.includes(`/api/datasets/${responses}/revision/main`)).length).toBeGreaterThan(0);
    expect(network.filter((u) => u.includes(`/datasets/${responses}/resolve/`) || u.includes(`/api/datasets/${responses}/tree/`))).toEqual([]);
  } finally {
    await reader.close();
    await app.stop();
  }
  await page.goto(`./embed/index.html#/embed/progress?tasks=${encodeURIComponent(task)}&lang=en`);
  await expect(bar).toHaveAttribute('aria-valuetext', `${truth.percent} of the target · ${truth.completed} of ${truth.records} records complete`);
});

test('a 10,000-record task opens to its first record in a handful of Hub requests once compacted, whatever the number of answers', async ({ page }, testInfo) => {
  // 10,000 records, 300 contributors' files. A contributor's first screen needs the definition, the records
  // file, the head, the listing and the answers: before compaction one request per file, after it one in all.
  const task = `mpep/big-${testInfo.project.name}`;
  const responses = `${task}-responses`;
  execFileSync(python, [seedCrowdScript, hub().url, responses, '10000', '300', '3', '--task', task], { encoding: 'utf8' });
  const deployed = (route) => route.fulfill({ json: { ...config(), hub: { ...config().hub, tasks: [task] } } });
  await page.route('**/config.json', deployed);
  await page.context().route('**/config.json', deployed); // the new tabs below
  await page.goto('./#/signin');
  await signInAtProvider(page, isPhone(testInfo) ? 'ana' : 'lead');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const firstRecord = async ({ slowFiles = false } = {}) => {
    const tab = await page.context().newPage();
    const asked = [];
    tab.on('request', (r) => { if (r.url().startsWith(hub().url)) asked.push(r.url()); });
    // Each answer file a little slow (a phone's network): the page says how far its reading got.
    if (slowFiles) await tab.route(`**/datasets/${responses}/resolve/**`, async (route) => { await new Promise((r) => setTimeout(r, 40)); await route.continue(); });
    await tab.goto(`./#/t/${encodeURIComponent(task)}`);
    if (slowFiles) {
      await expect(tab.getByRole('status').filter({ hasText: /^Loading the (task|next record)… Reading the answers: \d+ of 300 files read\.$/ })).toBeVisible();
    }
    await expect(prompt(tab)).toContainText('Crowd prompt', { timeout: 30_000 });
    await expect(tab.getByText('0 of 10,000 done (0%)')).toBeVisible();
    await tab.close();
    return asked;
  };
  const before = await firstRecord({ slowFiles: true });
  expect(before.filter((u) => u.includes(`/datasets/${responses}/resolve/`))).toHaveLength(300);
  expect(before.filter((u) => u.includes('/viewer/'))).toEqual([]);
  execFileSync('cargo', ['run', '-q', '-p', 'together-hub', '--', 'compact', responses, '--endpoint', hub().url],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, HF_TOKEN: 'hf_lead' } });
  const after = await firstRecord();
  // together.json and the records file; the head and the listing; the snapshot's summary, not the snapshot
  // (who answered what is all the first screen needs).
  expect(after.length, after.join('\n')).toBeLessThanOrEqual(6);
  const answers = after.filter((u) => u.includes(`/datasets/${responses}/resolve/`));
  expect(answers, answers.join('\n')).toHaveLength(1);
  expect(answers[0]).toMatch(/\/data\/summary\.txt$/);
  // The widget reads the summary too, and counts every answer (300 contributors, 3 each).
  const widget = await page.context().newPage();
  const widgetAsked = [];
  widget.on('request', (r) => { if (r.url().includes(`/datasets/${responses}/resolve/`)) widgetAsked.push(r.url()); });
  await widget.goto(`./embed/index.html#/embed/progress?tasks=${encodeURIComponent(task)}&lang=en`);
  await expect(widget.getByText('300 contributors · 900 answers submitted')).toBeVisible();
  expect(widgetAsked.map((u) => u.split('/').pop())).toEqual(['summary.txt']);
  await widget.close();
  // The dashboard needs the values: it reads the snapshot itself.
  const dashboard = await page.context().newPage();
  const dashboardAsked = [];
  dashboard.on('request', (r) => { if (r.url().includes(`/datasets/${responses}/resolve/`)) dashboardAsked.push(r.url()); });
  await dashboard.goto(`./#/dashboard/${encodeURIComponent(task)}`);
  await expect(dashboard.getByRole('table', { name: 'Top contributors' })).toBeVisible({ timeout: 30_000 });
  await expect(dashboard.getByText(/Krippendorff/).first()).toBeVisible();
  expect(dashboardAsked.some((u) => /\/data\/snapshot-[0-9a-f]+\.jsonl$/.test(u)), dashboardAsked.join('\n')).toBe(true);
  await dashboard.close();
});

test('the Hub says "slow down" (429): the page says it waits, nothing is lost, and it goes on by itself', async ({ page }, testInfo) => {
  const user = isPhone(testInfo) ? 'rae' : 'kai';
  await page.goto('./#/signin');
  await signInAtProvider(page, user);
  await press(page.getByRole('link', { name: 'Start: Translate prompts into Spanish' }), testInfo);
  const typed = {};
  try {
    // Every API request is refused for the next 8 s (files are another bucket, as on the Hub).
    await limit({ api: 0, window: 8 });
    await translate(page, typed, (n) => `Traducción ${n}, enviada mientras el Hub pedía esperar.`, testInfo);
    await press(page.getByRole('button', { name: 'Send now' }), testInfo);
    await expect(status(page)).toContainText(
      /The server asked us to slow down\. Answers kept on this device: 1; they go again in about \d+ s\./);
    // A reload while it lasts: the answer is still kept, and the page says why the task waits.
    await page.reload();
    await expect(page.getByRole('alert')).toContainText(
      /The server asked us to slow down \(too many requests\)\. Trying again in \d+ s\./);
    await expect(status(page)).toContainText('Answers kept on this device: 1');
    await limit({});
    // Once the wait is over, both go on without a tap.
    await expect(prompt(page)).toContainText('Prompt number', { timeout: 20_000 });
    await expect(status(page)).toContainText('All answers saved', { timeout: 20_000 });
  } finally {
    await limit({});
  }
  readBackOnce(user, typed);
});

test('answers waiting in pull requests are counted on the dashboard, and a member merges them', async ({ page }, testInfo) => {
  // A rating task with one member's answers on main, and four pull requests by people who may not write there:
  // three with their own answers, one that writes in someone else's folder.
  const task = `mpep/pulls-${testInfo.project.name}`;
  const responses = `${task}-responses`;
  execFileSync(python, [seedCrowdScript, hub().url, responses, '40', '1', '2', '--task', task], { encoding: 'utf8' });
  const opened = JSON.parse(execFileSync(python, [openPullsScript, hub().url, responses], { encoding: 'utf8' }));
  const truth = () => progressOf(task);
  expect(truth().submitted).toBe(2);
  await page.route('**/config.json', (route) => route.fulfill({ json: { ...config(), hub: { ...config().hub, tasks: [task] } } }));
  await page.goto('./#/signin');
  await signInAtProvider(page, 'lead');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(`./#/dashboard/${encodeURIComponent(task)}`);
  const pulls = page.getByRole('region', { name: 'Merge the pull requests' });
  await expect(pulls).toContainText('Waiting in 4 pull requests: 7 answers from 3 contributors. They count once a member of the dataset merges them.');
  const figures = page.getByRole('definition');
  await expect(figures.nth(2)).toHaveText('2');

  await press(pulls.getByRole('button', { name: 'Merge the pull requests' }), testInfo);
  await expect(pulls.getByRole('status')).toHaveText(
    `Merged 3 pull requests. Left open: #${opened.forged}: it writes data/bo/pr-00000009-00000009.jsonl outside data/ann/.`);
  await expect(pulls).toContainText('Waiting in 1 pull requests: 1 answers from 1 contributors.');
  // The figures, huggingface_hub and the widget agree: the three contributors' six answers count now.
  const after = truth();
  expect(after.submitted).toBe(8);
  expect(after.contributors).toBe(4);
  await expect(figures.nth(2)).toHaveText('8', { timeout: 20_000 });
  await expect(figures.nth(3)).toHaveText('4');
  await expect(figures.nth(0)).toHaveText(after.percent);
  // Merged, the answers are folded into one snapshot at once (the forged pull request stays open, off main).
  expect(answerFiles(responses)).toEqual({ batches: 0, snapshots: 1 });
  expect(truth()).toEqual(after);
  await page.goto(`./embed/index.html#/embed/progress?tasks=${encodeURIComponent(task)}&lang=en`);
  await expect(page.getByText('4 contributors · 8 answers submitted')).toBeVisible();
});

test('a member\'s app folds the answer files into one snapshot once there are many, and every answer still counts once', async ({ page }, testInfo) => {
  // 24 contributors' files; this deployment compacts from 20. The lead (a member) rates five prompts: the
  // batch goes straight to main, and the next read finds 25 files and folds them, with no tool and no job.
  const task = `mpep/auto-${testInfo.project.name}`;
  const responses = `${task}-responses`;
  execFileSync(python, [seedCrowdScript, hub().url, responses, '40', '24', '2', '--task', task], { encoding: 'utf8' });
  const truth = () => progressOf(task);
  expect(truth()).toMatchObject({ submitted: 48, contributors: 24 });
  expect(answerFiles(responses)).toEqual({ batches: 24, snapshots: 0 });
  const deployed = (route) => route.fulfill({ json: { ...config(), hub: { ...config().hub, tasks: [task], compact_after: 20 } } });
  await page.route('**/config.json', deployed);
  await page.context().route('**/config.json', deployed); // the new tab below
  await page.goto('./#/signin');
  await signInAtProvider(page, 'lead');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(`./#/t/${encodeURIComponent(task)}`);
  for (const value of ['1', '2', '3', '4', '5']) {
    await expect(prompt(page)).toContainText('Crowd prompt');
    const before = await prompt(page).textContent();
    await press(page.getByRole('radio', { name: value, exact: true }), testInfo);
    await press(page.getByRole('button', { name: 'Submit' }), testInfo);
    await expect(prompt(page)).not.toHaveText(before);
  }
  await expect(status(page)).toContainText('All answers saved', { timeout: 20_000 });
  await page.goto(`./#/dashboard/${encodeURIComponent(task)}`);
  await expect.poll(() => answerFiles(responses), { timeout: 30_000 }).toEqual({ batches: 0, snapshots: 1 });
  const after = truth();
  expect(after).toMatchObject({ submitted: 53, contributors: 25 });
  // The dashboard reads the same figures from the snapshot, one file.
  const files = [];
  page.on('request', (r) => { if (r.url().includes(`/datasets/${responses}/resolve/`)) files.push(r.url()); });
  await page.reload();
  const figures = page.getByRole('definition');
  await expect(figures.nth(2)).toHaveText(String(after.submitted));
  await expect(figures.nth(3)).toHaveText(String(after.contributors));
  await expect(figures.nth(0)).toHaveText(after.percent);
  expect(files).toHaveLength(1);
  // The app wrote the snapshot's summary too. A contributor's page reads it in the snapshot's place (who
  // answered what); my own answers' values, to review them, come from the snapshot.
  const fresh = await page.context().newPage();
  const read = [];
  const listings = [];
  fresh.on('request', (r) => { if (r.url().includes(`/datasets/${responses}/resolve/`)) read.push(r.url().split('/').pop().replace(/[0-9a-f]{16}/, '…')); });
  fresh.on('request', (r) => { if (r.url().includes(`/api/datasets/${responses}/tree/`)) listings.push(r.url()); });
  await fresh.goto(`./#/t/${encodeURIComponent(task)}`);
  await expect(prompt(fresh)).toContainText('Crowd prompt');
  expect(read).toEqual(['summary.txt']);
  await fresh.goto(`./#/t/${encodeURIComponent(task)}/review/submitted`);
  await expect(fresh.getByText('5 records', { exact: true })).toBeVisible();
  await press(fresh.locator('.review-list').getByRole('link').first(), testInfo);
  await expect(prompt(fresh)).toContainText('Crowd prompt');
  await expect(fresh.getByRole('radio', { checked: true })).toHaveCount(1);
  expect(read).toEqual(['summary.txt', 'snapshot-….jsonl']);
  expect(listings, 'the head did not move: the listing is not asked for again').toHaveLength(1);
  await fresh.close();
});

test('suggestions in the dataset\'s columns pre-fill a Hub task\'s answers and say who made them', async ({ page }, testInfo) => {
  // A lead's CSV: a machine translation with its model and score per row, and a judge's rating.
  const task = `mpep/judged-${testInfo.project.name}`;
  const responses = `${task}-responses`;
  const rows = [
    ['j1', 'Judged prompt 1: say hello, then wave.', 'Indicación juzgada 1: di hola, luego saluda.', 'nllb-200', '0.87', '4'],
    ['j2', 'Judged prompt 2: say goodbye politely.', 'Indicación juzgada 2: despídete con cortesía.', '', '0.5', '2'],
    ['j3', 'Judged prompt 3: count to three.', '', '', '', ''],
  ];
  const quote = (cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const definition = {
    task: {
      title: `Check the machine translations (${testInfo.project.name})`,
      language: { code: 'es', name: 'Español' },
      fields: [{ name: 'prompt', title: 'Prompt' }],
      questions: [
        { name: 'target', title: 'Translation', required: true, kind: { text: {} } },
        { name: 'quality', title: 'Quality of the prompt', required: true, kind: { rating: { options: [1, 2, 3, 4, 5].map((value) => ({ value })) } } },
      ],
      min_submitted: 1,
    },
    records: {
      path: 'data/prompts.csv',
      id_column: 'id',
      suggestions: [
        { question: 'target', column: 'mt', agent_column: 'mt_model', agent: 'a machine translation', score_column: 'mt_score' },
        { question: 'quality', column: 'judge_rating', agent: 'judge-llm' },
      ],
    },
    responses,
  };
  const records_file = `id,prompt,mt,mt_model,mt_score,judge_rating\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`;
  execFileSync(python, [seedTaskScript, hub().url, task], { input: JSON.stringify({ definition, records_file }), encoding: 'utf8' });
  await page.route('**/config.json', (route) => route.fulfill({ json: { ...config(), hub: { ...config().hub, tasks: [task] } } }));
  const user = isPhone(testInfo) ? 'ana' : 'lead';
  await page.goto('./#/signin');
  await signInAtProvider(page, user);
  await press(page.getByRole('link', { name: `Start: ${definition.task.title}` }), testInfo);

  const translation = page.getByRole('textbox', { name: 'Translation' });
  const rating = (value) => page.getByRole('radio', { name: String(value), exact: true });
  const sent = {};
  for (let n = 0; n < rows.length; n += 1) {
    await expect(prompt(page)).toContainText('Judged prompt');
    const shown = (await prompt(page).textContent()).match(/Judged prompt (\d)/)[1];
    const [id, , mt] = rows[Number(shown) - 1];
    if (id === 'j1') {
      // The row's own model and score; the judge's rating picked.
      await expect(translation).toHaveValue(mt);
      await expect(translation).toHaveAccessibleDescription('Suggested by nllb-200 (score 0.87). Edit it or replace it.');
      await expect(rating(4)).toBeChecked();
      await expect(page.getByText('Suggested: “4” by judge-llm.')).toBeVisible();
      // Edited, put back, edited again: the edit is what is sent.
      const reset = page.getByRole('button', { name: 'Reset to suggestion' });
      await expect(reset).toBeDisabled();
      await translation.fill('Indicación 1: di hola y saluda con la mano.');
      await press(reset, testInfo);
      await expect(translation).toHaveValue(mt);
      await translation.fill('Indicación 1: di hola y saluda con la mano.');
      sent[id] = { target: 'Indicación 1: di hola y saluda con la mano.', quality: 4 };
    } else if (id === 'j2') {
      // No model in the row: the task's default names it; the score as the CSV wrote it, to two decimals.
      await expect(translation).toHaveValue(mt);
      await expect(translation).toHaveAccessibleDescription('Suggested by a machine translation (score 0.50). Edit it or replace it.');
      await expect(rating(2)).toBeChecked();
      sent[id] = { target: mt, quality: 2 };
    } else {
      // Empty cells suggest nothing.
      await expect(translation).toHaveValue('');
      await expect(page.getByText(/Suggested/)).toHaveCount(0);
      await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
      await translation.fill('Indicación 3: cuenta hasta tres.');
      await press(rating(5), testInfo);
      sent[id] = { target: 'Indicación 3: cuenta hasta tres.', quality: 5 };
    }
    await press(page.getByRole('button', { name: 'Submit' }), testInfo);
    if (n < rows.length - 1) await expect(prompt(page)).not.toContainText(`Judged prompt ${shown}:`);
  }
  await expect(page.getByRole('heading', { name: 'All done!' })).toBeVisible();
  await press(page.getByRole('button', { name: 'Send now' }), testInfo);
  await expect(status(page)).toContainText('All answers saved');
  await expect(page.getByText('3 of 3 done (100%)')).toBeVisible();
  const back = JSON.parse(execFileSync(python, [readbackScript, hub().url, responses, user], { encoding: 'utf8' }));
  expect(back.answers).toEqual(Object.fromEntries(Object.entries(sent).map(([id, values]) => [id, [{ status: 'submitted', values }]])));
});
