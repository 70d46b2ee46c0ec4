// Together and Argilla's own UI side by side, on the same argilla-server (started and seeded here, 60 rating
// records), both behind gzip (Argilla's UI as the server ships it, through a compressing proxy that the app's
// API requests cross too). For a signed-in contributor at phone size: a deep link to a dataset opened to its
// first record, cold (empty HTTP cache, no service worker) and returning (what the last visit kept), on
// loopback and on Chromium's "mobile" profile (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x).
// Prints medians and Together's time as a share of Argilla's; asserts nothing.
//   node tests/e2e/bench-side-by-side.mjs [runs]
import { createServer, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serveStatic } from './serve-static.mjs';
import { launch, quantile } from './bench-lib.mjs';
import { startArgilla } from './peers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const appPort = 4184;
const proxyPort = 4185;
const runs = Number(process.argv[2] ?? 3);
process.env.SEED_RATING_RECORDS = '60';
const stopArgilla = await startArgilla();
const peer = JSON.parse(process.env.ARGILLA_E2E);
const dataset = peer['prompt-rating'];

// argilla-server behind gzip, as a Space's proxy serves it.
const upstream = new URL(peer.url);
const compressible = /^(text\/|application\/(javascript|json)|image\/svg)/;
const proxy = createServer((req, res) => {
  const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method,
    headers: { ...req.headers, host: upstream.host, 'accept-encoding': 'identity' } }, (answer) => {
    const chunks = [];
    answer.on('data', (c) => chunks.push(c));
    answer.on('end', () => {
      let body = Buffer.concat(chunks);
      const headers = { ...answer.headers };
      if (body.length && compressible.test(headers['content-type'] ?? '') && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
        body = gzipSync(body, { level: 9 });
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
      res.writeHead(answer.statusCode, headers);
      res.end(body);
    });
  });
  req.pipe(out);
  out.on('error', () => { res.writeHead(502); res.end(); });
});
await new Promise((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
const argilla = `http://127.0.0.1:${proxyPort}`;
const server = await serveStatic(`${here}/../../dist`, appPort, { gzip: true });
const app = `http://127.0.0.1:${appPort}/?argilla=${encodeURIComponent(argilla)}`;

const profiles = [
  ['loopback', null],
  ['mobile (150 ms RTT, 1.6 Mbit/s, CPU 4x)', { latency: 150, down: 1.6e6 / 8, up: 0.75e6 / 8, cpu: 4 }],
];

async function throttle(page, profile, { clearCache }) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  if (clearCache) await cdp.send('Network.clearBrowserCache');
  if (profile) {
    await cdp.send('Network.emulateNetworkConditions',
      { offline: false, latency: profile.latency, downloadThroughput: profile.down, uploadThroughput: profile.up });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  return cdp;
}

/** Milliseconds from navigating to `url` until `ready` (a locator) is visible. */
async function open(page, url, ready) {
  await page.goto('about:blank');
  const started = Date.now();
  await page.goto(url);
  await ready.waitFor({ timeout: 180_000 });
  return Date.now() - started;
}

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const prompt = /Explain quantum entanglement|haiku|landlord|capital of Australia|Solve for x/;

async function together(browser, user, profile, returning) {
  const context = await browser.newContext({ ...phone, serviceWorkers: returning ? 'allow' : 'block' });
  const page = await context.newPage();
  await page.goto(`${app}#/signin`);
  await page.getByRole('button', { name: `Continue to ${new URL(argilla).host}` }).click();
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill('12345678');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Start: prompt-rating' }).waitFor();
  const record = page.getByRole('region', { name: 'Prompt' });
  if (returning) {
    // The last visit: the deep link once, until the worker controls the page and has kept the shell.
    await open(page, `${app}#/t/${dataset}`, record);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForTimeout(1500);
  }
  const cdp = await throttle(page, profile, { clearCache: !returning });
  const ms = await open(page, `${app}#/t/${dataset}`, record);
  await cdp.detach();
  await context.close();
  return ms;
}

async function argillaUi(browser, user, profile, returning) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(`${argilla}/sign-in`);
  await page.locator('input[name=Username]').fill(user);
  await page.locator('input[name=Password]').fill('12345678');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  const record = page.getByText(prompt).first();
  if (returning) await open(page, `${argilla}/dataset/${dataset}/annotation-mode`, record);
  const cdp = await throttle(page, profile, { clearCache: !returning });
  const ms = await open(page, `${argilla}/dataset/${dataset}/annotation-mode`, record);
  await cdp.detach();
  await context.close();
  return ms;
}

const browser = await launch();
try {
  console.log(`Together and Argilla 2.8's UI on one argilla-server, both gzip, phone size, median of ${runs}`);
  for (const [name, profile] of profiles) {
    for (const returning of [false, true]) {
      const ours = [];
      const theirs = [];
      for (let run = 0; run < runs; run++) {
        const user = ['ann1', 'ann2', 'ann3', 'ann4', 'ann5', 'ann6'][run % 6];
        theirs.push(await argillaUi(browser, user, profile, returning));
        ours.push(await together(browser, user, profile, returning));
      }
      const [a, t] = [quantile(theirs, 0.5), quantile(ours, 0.5)];
      console.log(`${name}, ${returning ? 'returning' : 'cold'} deep link to the first record: Argilla ${a} ms, `
        + `Together ${t} ms (${(t / a).toFixed(2)}× Argilla's)`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
  await new Promise((resolve) => proxy.close(resolve));
  await stopArgilla();
}
