// The official JavaScript client (@huggingface/hub) against the fake Hub, as a browser app would call it.
// Run: node --test tests/support/hub/   (starts the fake Hub with the test virtual environment's Python)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { commit, createRepo, downloadFile, listFiles, whoAmI } from '@huggingface/hub';

const here = fileURLToPath(new URL('.', import.meta.url));
const python = process.env.TOGETHER_PYTHON ?? `${here}/../../../.venv-test/bin/python`;
let hubUrl;
let server;

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

before(async () => {
  const port = await freePort();
  hubUrl = `http://127.0.0.1:${port}`;
  // Tree listings three entries a page: listFiles must follow the pages.
  server = spawn(python, [`${here}/fake_hub.py`, String(port)], {
    stdio: 'inherit', env: { ...process.env, FAKE_HUB_TREE_PAGE: '3' },
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${hubUrl}/health`)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the fake Hub did not start');
});

after(() => server?.kill());

const lead = () => ({ hubUrl, accessToken: 'hf_lead' });
const ann = () => ({ hubUrl, accessToken: 'hf_ann' });
const blob = (text) => new Blob([text]);

test('whoAmI names the user', async () => {
  const me = await whoAmI(lead());
  assert.equal(me.name, 'lead');
});

test('a repo is created, committed to, listed and read back', async () => {
  const repo = { type: 'dataset', name: 'mpep/js-tasks' };
  await createRepo({ ...lead(), repo });
  const rows = '{"prompt": "مرحبا"}\n';
  const result = await commit({
    ...lead(), repo, title: 'Add rows', useXet: false,
    operations: [{ operation: 'addOrUpdate', path: 'data/train.jsonl', content: blob(rows) }],
  });
  assert.match(result.commit.url, /\/datasets\/mpep\/js-tasks\/commit\/[0-9a-f]{40}$/);
  const files = [];
  for await (const file of listFiles({ ...lead(), repo, recursive: true })) files.push(file.path);
  assert.deepEqual(files.sort(), ['data', 'data/train.jsonl']);
  const downloaded = await downloadFile({ ...lead(), repo, path: 'data/train.jsonl' });
  assert.equal(await downloaded.text(), rows);
  assert.equal(await downloadFile({ ...lead(), repo, path: 'missing.json' }), null);
});

test('a commit on a stale parent fails with 412 and a fresh one lands', async () => {
  const repo = { type: 'dataset', name: 'mpep/js-stale' };
  await createRepo({ ...lead(), repo });
  const first = await commit({ ...lead(), repo, title: 'a', useXet: false, operations: [{ operation: 'addOrUpdate', path: 'a.jsonl', content: blob('1\n') }] });
  const second = await commit({ ...lead(), repo, title: 'b', useXet: false, operations: [{ operation: 'addOrUpdate', path: 'b.jsonl', content: blob('2\n') }] });
  const third = (parentCommit) => commit({
    ...lead(), repo, title: 'c', useXet: false, parentCommit,
    operations: [{ operation: 'addOrUpdate', path: 'c.jsonl', content: blob('3\n') }],
  });
  await assert.rejects(third(first.commit.oid), (error) => error.statusCode === 412);
  await third(second.commit.oid);
  assert.equal(await (await downloadFile({ ...lead(), repo, path: 'c.jsonl' })).text(), '3\n');
});

test('an outside contributor opens a pull request', async () => {
  const repo = { type: 'dataset', name: 'mpep/js-responses' };
  await createRepo({ ...lead(), repo });
  await assert.rejects(
    commit({ ...ann(), repo, title: 'x', useXet: false, operations: [{ operation: 'addOrUpdate', path: 'r.jsonl', content: blob('{}\n') }] }),
    (error) => error.statusCode === 403,
  );
  const pr = await commit({
    ...ann(), repo, title: 'Responses by ann', useXet: false, isPullRequest: true,
    operations: [{ operation: 'addOrUpdate', path: 'responses/ann.jsonl', content: blob('{"r":1}\n') }],
  });
  assert.match(pr.pullRequestUrl, /\/datasets\/mpep\/js-responses\/discussions\/1$/);
});

test('listFiles follows a tree listing across its pages', async () => {
  const repo = { type: 'dataset', name: 'mpep/js-paged' };
  await createRepo({ ...lead(), repo });
  const paths = Array.from({ length: 10 }, (_, i) => `data/u${i}/d-${i}-${i}.jsonl`);
  await commit({
    ...lead(), repo, title: 'many', useXet: false,
    operations: paths.map((path) => ({ operation: 'addOrUpdate', path, content: blob('{}\n') })),
  });
  const files = [];
  for await (const file of listFiles({ ...lead(), repo, path: 'data', recursive: true })) files.push(file.path);
  assert.equal(files.length, 20); // 10 folders, 10 files: seven pages of three
  assert.deepEqual(files.filter((f) => f.endsWith('.jsonl')).sort(), paths.sort());
});
