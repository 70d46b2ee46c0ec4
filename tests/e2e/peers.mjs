// Playwright global setup: every peer the end-to-end tests talk to, on loopback, started here and stopped after.
//  - the real argilla-server 2.8, seeded with the official SDK            → env ARGILLA_E2E (JSON)
//  - a standards-compliant OpenID provider (npm oidc-provider, PKCE required) → env HUB_E2E.issuer
//  - the fake Hub (held honest by huggingface_hub), trusting that provider's tokens and seeded with a Hub-native
//    task by huggingface_hub                                             → env HUB_E2E (JSON)
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createProvider } from '../support/oidc/provider.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const python = path.join(root, '.venv-test/bin/python');
const appPort = Number(process.env.TOGETHER_E2E_PORT ?? 4173);

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Run a Python peer that prints one JSON line once it is ready.
async function startPeer(script, env, what, timeoutMs) {
  const peer = spawn(python, [path.join(root, script)], {
    env: { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    peer.stdout.on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) { clearTimeout(timer); resolve(buffered.slice(0, newline)); }
    });
    peer.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited (${code})`)); });
  });
  const stop = async () => {
    peer.kill('SIGTERM');
    await new Promise((resolve) => { peer.on('exit', resolve); setTimeout(resolve, 5_000); });
  };
  return { line, stop };
}

// argilla-server alone (the benchmark needs nothing else); its description goes to ARGILLA_E2E.
export async function startArgilla() {
  const argilla = await startPeer('tests/support/argilla/e2e_peer.py', {}, 'argilla-server', 180_000);
  process.env.ARGILLA_E2E = argilla.line;
  return argilla.stop;
}

// The OpenID provider (accepting the app at `port`) and the fake Hub that trusts it; their description goes to
// HUB_E2E. The end-to-end tests list trees a few entries a page, so that every listing they read crosses pages
// (the Hub's own pages hold a thousand, as the benchmarks' do).
export async function startHub(port, { treePage = 4 } = {}) {
  const oidcPort = await freePort();
  // The app at `port`; and at `port + 1`, under dist/ as a Space serves it, for ./offline.spec.js's own server.
  const redirects = [`http://127.0.0.1:${port}/`, `http://127.0.0.1:${port}/index.html`,
    `http://127.0.0.1:${port + 1}/dist/`, `http://127.0.0.1:${port + 1}/dist/index.html`];
  const provider = createProvider(oidcPort, redirects);
  const oidc = await new Promise((resolve) => { const s = provider.listen(oidcPort, '127.0.0.1', () => resolve(s)); });
  const issuer = `http://127.0.0.1:${oidcPort}`;
  const hub = await startPeer('tests/support/hub/e2e_peer.py', { FAKE_HUB_OIDC: issuer, HF_HUB_OFFLINE: '0', FAKE_HUB_TREE_PAGE: String(treePage) }, 'the fake Hub', 60_000);
  process.env.HUB_E2E = JSON.stringify({ ...JSON.parse(hub.line), issuer });
  return async () => {
    await hub.stop();
    await new Promise((resolve) => oidc.close(resolve));
  };
}

export default async function setup() {
  const [stopArgilla, stopHub] = await Promise.all([startArgilla(), startHub(appPort)]);
  return async () => {
    await Promise.all([stopArgilla(), stopHub()]);
  };
}
