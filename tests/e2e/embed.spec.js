// The embeddable progress widget, as a page owner and a reader meet it: the dashboard's "Embed" button gives the
// code, a community page on another origin pastes it, and the widget (a small build of its own, in an iframe the
// loader script creates and keeps as tall as its content) shows the figures the backend holds, live.
// Host pages are served by ./serve-static.mjs on loopback as "localhost", another site than the app's 127.0.0.1.
import { test, expect, chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hub, hubConfig, rateLimit as limit, signInAtProvider } from './hub-app.mjs';
import { serveStatic } from './serve-static.mjs';

const isPhone = (testInfo) => testInfo.project.name === 'phone';
// Members of the dataset's organisation, one per project: their answers go straight to main.
const memberFor = (testInfo) => (isPhone(testInfo) ? 'mia' : 'noor');
const python = fileURLToPath(new URL('../../.venv-test/bin/python', import.meta.url));
const progressScript = fileURLToPath(new URL('../support/hub/progress.py', import.meta.url));
const oracle = () => JSON.parse(execFileSync(python, [progressScript, hub().url, hub().task], { encoding: 'utf8' }));

// The project's member opens the task by the link named `link`, translates one prompt in the app on `page`
// and sends it: the outbox says it is saved, and the Hub, read with huggingface_hub, has it.
async function contribute(page, testInfo, link, translation) {
  const submitted = oracle().submitted;
  await page.goto('./#/signin');
  await signInAtProvider(page, memberFor(testInfo));
  await page.getByRole('link', { name: link }).click();
  await expect(page.getByRole('region', { name: 'Prompt' })).toContainText('Prompt number');
  await page.getByRole('textbox', { name: 'Translation' }).fill(translation);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('button', { name: 'Send now' }).click();
  await expect(page.locator('.delivery-status')).toContainText('All answers saved', { timeout: 20_000 });
  await expect.poll(() => oracle().submitted, { timeout: 20_000 }).toBe(submitted + 1);
}

// A community page holding `body`, served from its own loopback origin until the test ends.
async function hostPage(body, port, { background = '#f4efe6', color = '#222' } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'together-community-'));
  writeFileSync(path.join(dir, 'community.html'),
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
     <title>Our community</title><body style="font-family:sans-serif;margin:16px;background:${background};color:${color}">
     <h1>Our community dataset</h1><p>Help us translate prompts!</p>${body}<p>Thank you.</p></body></html>`);
  const server = await serveStatic(dir, port);
  return { url: `http://localhost:${port}/community.html`, stop: server.stop };
}

// The frame the loader made must be as tall as the widget inside it says it is.
async function expectSizedToContent(page, frameSelector) {
  const frame = page.locator(frameSelector);
  await expect(async () => {
    const outer = (await frame.boundingBox()).height;
    const inner = await page.frameLocator(frameSelector).locator('#widget').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
    expect(inner).toBeGreaterThan(60);
    expect(Math.abs(outer - inner)).toBeLessThanOrEqual(1);
  }).toPass({ timeout: 10_000 });
}

test('the dashboard gives the code to embed its progress; a page on another origin shows the same figures', async ({ page, context }, testInfo) => {
  const app = new URL('./', testInfo.project.use.baseURL).toString();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app).origin });
  await page.goto('./#/dashboard/prompt-ranking');
  await expect(page.getByRole('heading', { name: /^Dashboard: / })).toBeVisible();
  const title = (await page.getByRole('heading', { level: 1 }).textContent()).replace('Dashboard: ', '');
  const figures = page.getByRole('definition');
  const percent = await figures.nth(0).textContent();
  const completed = await figures.nth(1).textContent(); // "N of M"
  const submitted = await figures.nth(2).textContent();
  const contributors = await figures.nth(3).textContent();
  const first = page.getByRole('table', { name: 'Top contributors' }).getByRole('row').nth(1);
  const leader = [await first.getByRole('rowheader').textContent(), await first.getByRole('cell').last().textContent()];

  // The owner opens the panel and picks options: the code follows.
  const embed = page.getByRole('button', { name: 'Embed' });
  await expect(embed).toHaveAttribute('aria-expanded', 'false');
  await embed.click();
  await expect(embed).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('region', { name: 'Show this progress on another page' });
  const code = panel.getByRole('textbox', { name: 'Code to paste' });
  // Long code wraps in its box: the page never scrolls sideways, not even on a phone.
  const viewport = page.viewportSize().width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport);
  await expect(code).toHaveValue(
    `<script async src="${app}embed/together-embed.js" data-together-progress="tasks=prompt-ranking" data-title="Progress of ${title}"></script>`);
  await panel.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'Dark' });
  await expect(code).toHaveValue(/data-together-progress="tasks=prompt-ranking&amp;theme=dark"/);
  await panel.getByRole('checkbox', { name: 'Compact (one line per task)' }).check();
  await expect(code).toHaveValue(/tasks=prompt-ranking&amp;theme=dark&amp;mode=compact"/);
  await panel.getByRole('checkbox', { name: 'Compact (one line per task)' }).uncheck();
  await panel.getByRole('checkbox', { name: 'Show the top contributors' }).uncheck();
  await expect(code).toHaveValue(/tasks=prompt-ranking&amp;theme=dark&amp;contributors=off"/);
  await panel.getByRole('checkbox', { name: 'Show the top contributors' }).check();
  await panel.getByRole('combobox', { name: 'Theme' }).selectOption({ label: "The reader's system setting" });
  await panel.getByRole('combobox', { name: 'Language of the widget' }).selectOption({ label: 'Español' });
  await expect(code).toHaveValue(/data-together-progress="tasks=prompt-ranking&amp;lang=es"/);
  // The figures refresh (here: the tab is seen again) and are drawn anew; the panel stays open, as it was set.
  await expect(page.getByText(/^Updated [1-9]\d* s ago$/)).toBeVisible({ timeout: 5_000 });
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(page.getByText(/^Updated 0 s ago$/)).toBeVisible();
  await expect(embed).toHaveAttribute('aria-expanded', 'true');
  await expect(code).toHaveValue(/data-together-progress="tasks=prompt-ranking&amp;lang=es"/);
  await expect(panel.getByRole('textbox', { name: 'Without JavaScript (a frame of fixed height)' }))
    .toHaveValue(`<iframe src="${app}embed/index.html#/embed/progress?tasks=prompt-ranking&amp;lang=es" title="Progress of ${title}" width="100%" height="360" style="border:0" loading="lazy"></iframe>`);
  // The preview is the widget itself.
  const preview = page.frameLocator(`#embed-panel iframe[title="Progress of ${title}"]`);
  await expect(preview.getByRole('progressbar', { name: title })).toBeVisible();
  await expect(preview.getByText('del objetivo')).toBeVisible();

  await panel.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied.');
  const pasted = await page.evaluate(() => navigator.clipboard.readText());
  expect(pasted).toBe(await code.inputValue());

  // The community page pastes the code as it was copied.
  const host = await hostPage(pasted, 4177);
  try {
    await page.goto(host.url);
    const frameSelector = `iframe[title="Progress of ${title}"]`;
    const widget = page.frameLocator(frameSelector);
    const bar = widget.getByRole('progressbar', { name: title });
    await expect(bar).toBeVisible();
    const [done, records] = completed.split(' of ');
    // The share as Spanish writes it, as the reader's browser says: "46,0 %".
    const share = await page.evaluate((p) => new Intl.NumberFormat('es',
      { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p / 100), parseFloat(percent));
    await expect(bar).toHaveAttribute('aria-valuetext', `${share} del objetivo · ${done} de ${records} registros completos`);
    await expect(widget.getByText(`${contributors} colaboradores · ${submitted} respuestas enviadas`)).toBeVisible();
    const top = widget.getByRole('list', { name: 'Principales contribuidores' }).getByRole('listitem');
    await expect(top).toHaveCount(Math.min(5, Number(contributors)));
    await expect(top.first()).toContainText(`${leader[0]} ${leader[1]} enviadas`);
    await expect(widget.getByRole('link', { name: 'Contribuir' })).toHaveAttribute('href', `${app}index.html#/t/prompt-ranking`);
    await expect(widget.getByRole('link', { name: title })).toHaveAttribute('href', `${app}index.html#/dashboard/prompt-ranking`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en'); // the host page is left alone
    await expectSizedToContent(page, frameSelector);
    await page.screenshot({ path: testInfo.outputPath(`widget-${testInfo.project.name}.png`), fullPage: true });
    if (isPhone(testInfo)) {
      await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot-phone-widget.png', import.meta.url)), fullPage: true });
    }
  } finally {
    await host.stop();
  }
});

test('a widget on another origin follows a Hub task live, keeps its figures through errors, in Arabic and dark', async ({ page, context }, testInfo) => {
  await context.route('**/config.json', (route) => route.fulfill({ json: hubConfig() }));
  const app = new URL('./', testInfo.project.use.baseURL).toString();
  const query = 'tasks=mpep%2Fprompts-es&theme=dark&lang=ar&transparent=1&every=5';
  const host = await hostPage(
    `<script async src="${app}embed/together-embed.js" data-together-progress="${query.replaceAll('&', '&amp;')}" data-title="Progress"></script>`, 4178,
    { background: '#23262f', color: '#eee' }); // a dark community site: a dark, transparent widget fits in
  try {
    await page.goto(host.url);
    const widget = page.frameLocator('iframe[title="Progress"]');
    const bar = widget.getByRole('progressbar', { name: 'Translate prompts into Spanish' });
    // A share as Arabic writes it, as the reader's browser says ("4.2‎%‎", with marks that keep the sign in
    // place), isolated as the widget isolates any text with direction marks.
    const sample = await page.evaluate(() => new Intl.NumberFormat('ar',
      { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(0.375));
    const arabic = (p) => {
      const written = sample.replace('37.5', p.replace('%', ''));
      return /[\u200e\u200f\u061c]/.test(written) ? `\u2068${written}\u2069` : written;
    };
    const says = (o) => `${arabic(o.percent)} من الهدف · ${o.completed} من ${o.records} سجلات مكتملة`;
    const counts = (o) => `${o.contributors} مساهمين · ${o.submitted} إجابات مُرسلة`;
    let before = oracle();
    await expect(bar).toHaveAttribute('aria-valuetext', says(before));
    await expect(widget.getByText(counts(before))).toBeVisible();
    await expect(widget.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(widget.locator('html')).toHaveAttribute('data-theme', 'dark');
    // Transparent: the host page shows through (the frame's colour scheme is the widget's, so none is painted).
    await expect(widget.locator('body')).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
    await expect(page.locator('iframe[title="Progress"]')).toHaveCSS('color-scheme', 'dark');
    await expectSizedToContent(page, 'iframe[title="Progress"]');

    // Someone contributes in the app.
    const member = memberFor(testInfo);
    const contributor = await context.newPage();
    await contribute(contributor, testInfo, 'Start: Translate prompts into Spanish', 'Una traducción para el widget.');
    await contributor.close();

    // Within one refresh (every 5 s here), the widget shows it.
    const after = oracle();
    expect(after.submitted).toBe(before.submitted + 1);
    await expect(bar).toHaveAttribute('aria-valuetext', says(after), { timeout: 12_000 });
    await expect(widget.getByText(counts(after))).toBeVisible();
    const them = widget.getByRole('listitem').filter({ hasText: member });
    await expect(them.getByRole('link', { name: member })).toHaveAttribute('href', `${hub().url}/${member}`);
    const avatar = them.locator('img.avatar');
    await expect(avatar).toHaveAttribute('src', `${hub().url}/api/users/${member}/avatar?redirect=true`);
    await expect.poll(() => avatar.evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);

    // The Hub fails: the widget keeps the last figures and says so; it recovers on its own.
    await context.route(`${hub().url}/api/datasets/**`, (route) => route.fulfill({ status: 503, body: 'down for maintenance' }));
    await expect(widget.getByRole('status')).toHaveText('تعذّر التحديث (أجاب الخادم بالرمز 503). هذه آخر الأرقام المقروءة.', { timeout: 12_000 });
    await expect(bar).toHaveAttribute('aria-valuetext', says(after));
    await context.unroute(`${hub().url}/api/datasets/**`);
    await expect(widget.getByRole('status')).toHaveCount(0, { timeout: 25_000 });
    await expect(bar).toHaveAttribute('aria-valuetext', says(after));
    await page.screenshot({ path: testInfo.outputPath(`widget-hub-${testInfo.project.name}.png`), fullPage: true });
  } finally {
    await host.stop();
  }
});

test('a reader who comes back reads only what is new: the browser keeps what the widget read', async ({ page, context }, testInfo) => {
  const config = hubConfig();
  await context.route('**/config.json', (route) => route.fulfill({ json: config }));
  // The reader's own browser profile, set to allow third-party cookies: then a frame from another site gets
  // storage, kept apart per top-level site (as in Firefox and Safari by default). Where a browser blocks it (here
  // by default, and in private windows such as Playwright's contexts), the widget reads afresh on every visit, as
  // the live test above shows.
  const profile = mkdtempSync(path.join(tmpdir(), 'together-reader-'));
  mkdirSync(path.join(profile, 'Default'));
  writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const { launchOptions, viewport, isMobile, hasTouch, deviceScaleFactor } = testInfo.project.use;
  const reader = await chromium.launchPersistentContext(profile,
    { executablePath: launchOptions.executablePath, args: launchOptions.args, viewport, isMobile, hasTouch, deviceScaleFactor });
  await reader.route('**/config.json', (route) => route.fulfill({ json: config }));
  const asked = [];
  reader.on('request', (request) => { if (request.url().startsWith(hub().url)) asked.push(new URL(request.url())); });
  // A listing is read from its first page (the tests' Hub gives four entries a page, so it has more).
  const reads = () => ({
    files: asked.filter((u) => /\/resolve\/[0-9a-f]{40}\/data\//.test(u.pathname)).length,
    listings: asked.filter((u) => u.pathname.includes('/tree/') && !u.searchParams.has('cursor')).length,
  });
  const app = new URL('./', testInfo.project.use.baseURL).toString();
  const host = await hostPage(
    `<script async src="${app}embed/together-embed.js" data-together-progress="tasks=mpep%2Fprompts-es&amp;lang=en" data-title="Progress"></script>`, 4179);
  const visit = async () => {
    asked.length = 0;
    const tab = await reader.newPage();
    await tab.goto(host.url);
    const o = oracle();
    const bar = tab.frameLocator('iframe[title="Progress"]').getByRole('progressbar', { name: 'Translate prompts into Spanish' });
    await expect(bar).toHaveAttribute('aria-valuetext', `${o.percent} of the target · ${o.completed} of ${o.records} records complete`);
    await tab.close();
    return reads();
  };
  try {
    const first = await visit();
    expect(first.listings).toBe(1);
    // Nothing new since: only the head is asked for.
    expect(await visit()).toEqual({ files: 0, listings: 0 });

    // A member answers while the reader is away; back again, the widget reads that one new file.
    // After the test above, this member continues the task; run alone, they start it.
    await contribute(page, testInfo, /^(Start|Continue): Translate prompts into Spanish$/, 'Una traducción mientras nadie miraba.');
    expect(await visit()).toEqual({ files: 1, listings: 1 });
    expect(await visit()).toEqual({ files: 0, listings: 0 });
  } finally {
    await reader.close();
    await host.stop();
  }
});

test('the Hub says "slow down" (429) to a widget: it keeps its figures, says so, waits as asked, and goes on by itself', async ({ page }) => {
  const says = (o) => `${o.percent} of the target · ${o.completed} of ${o.records} records complete`;
  const refused = [];
  page.on('response', (r) => { if (r.status() === 429) refused.push(Date.now()); });
  await page.route('**/config.json', (route) => route.fulfill({ json: hubConfig() }));
  await page.goto(`./embed/index.html#/embed/progress?tasks=${encodeURIComponent(hub().task)}&lang=en&every=5`);
  const bar = page.getByRole('progressbar', { name: 'Translate prompts into Spanish' });
  const figures = oracle();
  await expect(bar).toHaveAttribute('aria-valuetext', says(figures));
  try {
    // Every API request refused for the next 12 s: the widget says the Hub asked it to wait, keeps the figures,
    // and does not ask again before the wait the Hub gave (Retry-After) is over.
    await limit({ api: 0, window: 12 });
    await expect(page.getByRole('status')).toHaveText(
      /^Could not refresh \(the server asked to wait \d+ s\)\. These are the last figures read\.$/, { timeout: 12_000 });
    await expect(bar).toHaveAttribute('aria-valuetext', says(figures));
    await page.waitForTimeout(6_000);
    expect(refused.length, 'one refusal, then a wait: no request every 5 s').toBe(1);
    await limit({});
    await expect(page.getByRole('status')).toHaveCount(0, { timeout: 20_000 });
    await expect(bar).toHaveAttribute('aria-valuetext', says(oracle()));
    expect(refused.length).toBeLessThanOrEqual(2);
  } finally {
    await limit({});
  }
});

test('the widget answers at every address it is given, and says plainly what it cannot show', async ({ page }, testInfo) => {
  const app = new URL('./', testInfo.project.use.baseURL).toString();
  // The app's own address with the widget's route goes to the widget's small build before the app loads.
  await page.goto(`${app}#/embed/progress?tasks=prompt-ranking&mode=compact&lang=en`);
  await expect(page).toHaveURL(`${app}embed/index.html#/embed/progress?tasks=prompt-ranking&mode=compact&lang=en`);
  await expect(page.getByRole('progressbar', { name: 'Rate prompt quality' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Top contributors' })).toHaveCount(0);
  // The same address followed once the app is running (a link, or typed into its tab) goes there too.
  await page.goto(`${app}#/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  await page.evaluate(() => { location.hash = '#/embed/progress?tasks=mpep-es&lang=en'; });
  await expect(page).toHaveURL(`${app}embed/index.html#/embed/progress?tasks=mpep-es&lang=en`);
  await expect(page.getByRole('progressbar', { name: 'Translate prompts into Spanish' })).toBeVisible();
  // The query form; every task of the deployment when none is named: a bar each and their total.
  await page.goto(`${app}embed/index.html?contributors=off&lang=en`);
  await expect(page.getByRole('heading', { level: 1, name: 'Progress of every task' })).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(6);
  await expect(page.getByRole('progressbar', { name: 'All tasks together' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Top contributors' })).toHaveCount(0);
  // New options in the address: the widget starts again with them.
  await page.evaluate(() => { location.hash = '#/embed/progress?tasks=mpep-ar&lang=ar'; });
  await expect(page.getByRole('progressbar', { name: 'Translate prompts into Arabic' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

  await page.goto(`${app}embed/index.html#/embed/progress?tasks=nope&lang=en`);
  await expect(page.getByRole('alert')).toHaveText('Progress cannot be shown: no task here is called nope');
  await expect(page.getByRole('link', { name: 'Contribute' })).toHaveAttribute('href', `${app}index.html#/`);
  // An Argilla server's progress is for its members: the widget does not pretend.
  await page.route('**/config.json', (route) => route.fulfill({ json: { argilla_url: 'http://127.0.0.1:9' } }));
  await page.goto(`${app}embed/index.html#/embed/progress?lang=en`);
  await expect(page.getByRole('alert')).toHaveText("Progress cannot be shown: an Argilla dataset's progress is for its members only, in the app");
});

test('the Embed panel gives the code of the dashboard it is on, after moving to another', async ({ page }) => {
  await page.goto('./#/dashboard/prompt-ranking');
  await expect(page.getByRole('heading', { name: 'Dashboard: Rate prompt quality' })).toBeVisible();
  await page.getByRole('button', { name: 'Embed' }).click();
  const code = () => page.getByRole('region', { name: 'Show this progress on another page' }).getByRole('textbox', { name: 'Code to paste' });
  await expect(code()).toHaveValue(/tasks=prompt-ranking/);
  await page.evaluate(() => { location.hash = '#/dashboard/mpep-es'; });
  await expect(page.getByRole('heading', { name: 'Dashboard: Translate prompts into Spanish' })).toBeVisible();
  await page.getByRole('button', { name: 'Embed' }).click();
  await expect(code()).toHaveValue(/tasks=mpep-es/);
  await expect(code()).not.toHaveValue(/prompt-ranking/);
});
