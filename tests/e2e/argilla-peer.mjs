// Playwright global setup: the real argilla-server 2.8 on loopback, seeded with the official SDK.
// Its URL, dataset ids and API keys reach the tests as the environment variable ARGILLA_E2E (JSON).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup() {
  const python = path.join(root, '.venv-test/bin/python');
  const peer = spawn(python, [path.join(root, 'tests/support/argilla/e2e_peer.py')], {
    env: { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('argilla-server did not start within 180 s')), 180_000);
    peer.stdout.on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) { clearTimeout(timer); resolve(buffered.slice(0, newline)); }
    });
    peer.on('exit', (code) => { clearTimeout(timer); reject(new Error(`argilla-server exited (${code})`)); });
  });
  process.env.ARGILLA_E2E = line;
  return async () => {
    peer.kill('SIGTERM');
    await new Promise((resolve) => { peer.on('exit', resolve); setTimeout(resolve, 5_000); });
  };
}
