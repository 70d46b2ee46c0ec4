// Annotating on the real argilla-server 2.8 (started and seeded by ./peers.mjs), read back with the SDK.
// Each project signs in as its own annotators, so the phone and desktop runs never see each other's answers.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const peer = () => JSON.parse(process.env.ARGILLA_E2E);
const isPhone = (testInfo) => testInfo.project.name === 'phone';
const python = fileURLToPath(new URL('../../.venv-test/bin/python', import.meta.url));
const readbackScript = fileURLToPath(new URL('../support/argilla/readback.py', import.meta.url));

/** A prompt as the page shows it: the markdown rendered, so without `**`. */
const plain = (text) => text.replace(/\*\*/g, '').trim();

/** What the SDK reads back for one annotator: {prompt as shown: {status, values}}. */
function readback(dataset, username) {
  const raw = JSON.parse(execFileSync(python, [readbackScript, peer().url, dataset, username], { encoding: 'utf8' }));
  return Object.fromEntries(Object.entries(raw).map(([prompt, answer]) => [plain(prompt), answer]));
}

/** The review list's link to a record, found by the last word of its prompt. */
const reviewLink = (page, prompt) => page.getByRole('link', { name: new RegExp(`${prompt.split(' ').pop().replace(/[.?*]/g, '\\$&')}$`) });

async function press(locator, testInfo) {
  if (isPhone(testInfo)) await locator.tap();
  else await locator.click();
}

const prompt = (page) => page.getByRole('region', { name: 'Prompt' });
const saved = (page) => expect(page.getByRole('status').filter({ hasText: 'All answers saved' })).toBeVisible();

async function openSignIn(page) {
  await page.goto(`./?argilla=${encodeURIComponent(peer().url)}#/signin`);
  const host = new URL(peer().url).host;
  // A server named by a link, new to this browser: the app asks before any credential field appears.
  await page.getByRole('button', { name: `Continue to ${host}` }).click();
  await expect(page.getByText(`Your credentials are sent to ${host}.`)).toBeVisible();
}

test('a link to an unknown server names it and asks before any credential field appears', async ({ page }, testInfo) => {
  await page.goto('./?argilla=https%3A%2F%2Fevil.example#/signin');
  await expect(page.getByRole('heading', { name: 'Sign in to evil.example?' })).toBeVisible();
  await expect(page.getByText('A link opened this app for the server evil.example')).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('API key', { exact: true })).toHaveCount(0);
  // Declined: back to the demo, nothing sent anywhere.
  await press(page.getByRole('button', { name: 'Use the demo instead' }), testInfo);
  await expect(page.getByRole('heading', { name: 'Sign in to evil.example?' })).toHaveCount(0);
  // Accepted, the form says where the credentials go; a later visit of the same link asks no more.
  await page.goto('./#/');
  await page.goto('./?argilla=https%3A%2F%2Fevil.example#/signin');
  await press(page.getByRole('button', { name: 'Continue to evil.example' }), testInfo);
  await expect(page.getByText('Your credentials are sent to evil.example.')).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByText('Your credentials are sent to evil.example.')).toBeVisible();
});

test('password sign-in: every question type, a draft across a reload, a discard, an edit in review, read back exactly', async ({ page }, testInfo) => {
  const user = isPhone(testInfo) ? 'ann1' : 'ann2';
  await openSignIn(page);
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The server did not accept these credentials.' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('12345678');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const workspace = page.getByRole('region', { name: 'Workspace together' });
  await expect(workspace.getByRole('heading', { name: 'all-questions' })).toBeVisible();
  await expect(page.getByText(`Answers are saved on ${new URL(peer().url).host}`)).toBeVisible();
  await press(workspace.getByRole('link', { name: 'Start: all-questions' }), testInfo);

  // Record 1: every question type, starting from the suggestions.
  await expect(page.getByRole('heading', { name: 'all-questions' })).toBeVisible();
  const first = (await prompt(page).textContent()).replace(/^Prompt/, '').trim();
  await expect(page.getByRole('radio', { name: '4', exact: true })).toBeChecked();
  await expect(page.getByText('Suggested: “Yes” by classifier (score 0.80).')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Conversation' }).getByText('Let me think.')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Image' })).toHaveCount(1);
  await press(page.getByRole('radio', { name: '2', exact: true }), testInfo);
  await press(page.getByRole('radio', { name: 'No', exact: true }), testInfo);
  await expect(page.getByRole('checkbox', { name: 'science' })).toBeChecked();
  await press(page.getByRole('checkbox', { name: 'science' }), testInfo);
  await press(page.getByRole('checkbox', { name: 'math' }), testInfo);
  await press(page.getByRole('checkbox', { name: 'code' }), testInfo);
  await page.getByRole('combobox', { name: 'Rank of Answer C' }).selectOption('1');
  await page.getByRole('combobox', { name: 'Rank of Answer A' }).selectOption('2');
  await page.getByRole('combobox', { name: 'Rank of Answer B' }).selectOption('3');
  await page.getByRole('textbox', { name: 'Improved prompt' }).fill('A clearer prompt, please.');
  const entities = page.getByRole('group', { name: 'Entities', exact: true });
  if (isPhone(testInfo)) {
    // Every new control is a comfortable tap target, words of the span text included.
    const controls = [
      entities.getByRole('group', { name: 'Words of Entities' }).getByRole('button', { name: 'in', exact: true }).first(),
      entities.getByRole('radio', { name: 'Place' }),
      page.getByRole('combobox', { name: 'Rank of Answer A' }),
      page.getByRole('checkbox', { name: 'math' }),
    ];
    for (const control of controls) {
      const box = await control.boundingBox();
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
    }
    await entities.getByRole('group', { name: 'Words of Entities' }).evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot-phone-spans.png', import.meta.url)) });
  }
  await press(entities.getByRole('button', { name: 'Remove Person: Ada Lovelace' }), testInfo);
  await press(entities.getByRole('radio', { name: 'Person' }), testInfo);
  const words = entities.getByRole('group', { name: 'Words of Entities' });
  await press(words.getByRole('button', { name: 'Ada', exact: true }), testInfo);
  await press(words.getByRole('button', { name: 'Ada', exact: true }), testInfo);
  await expect(entities.getByRole('button', { name: 'Remove Person: Ada' })).toBeVisible();
  await expect(entities.getByRole('button', { name: 'Remove Place: London' })).toBeVisible();
  await press(page.getByRole('button', { name: 'Submit' }), testInfo);

  // Record 2: a draft, which survives a reload on the server and shows in review.
  await expect(prompt(page)).not.toHaveText(`Prompt${first}`);
  const second = (await prompt(page).textContent()).replace(/^Prompt/, '').trim();
  await press(page.getByRole('radio', { name: '5', exact: true }), testInfo);
  await press(page.getByRole('button', { name: 'Save draft' }), testInfo);
  await saved(page);
  await page.reload();
  await expect(prompt(page)).toBeVisible();
  const third = (await prompt(page).textContent()).replace(/^Prompt/, '').trim();
  expect([first, second]).not.toContain(third);

  // Record 3: discarded.
  await press(page.getByRole('button', { name: 'Discard' }), testInfo);
  await saved(page);

  // Review: the draft is there as it was saved; the submitted answer is edited.
  await press(page.getByRole('link', { name: 'Review my answers' }), testInfo);
  await press(page.getByRole('link', { name: 'Drafts' }), testInfo);
  await press(reviewLink(page, second), testInfo);
  await expect(page.getByRole('radio', { name: '5', exact: true })).toBeChecked();
  await page.goBack();
  await press(page.getByRole('link', { name: 'Submitted' }), testInfo);
  await press(reviewLink(page, first), testInfo);
  await expect(page.getByRole('radio', { name: '2', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'math' })).toBeChecked();
  await press(page.getByRole('radio', { name: '1', exact: true }), testInfo);
  await press(page.getByRole('button', { name: 'Submit' }), testInfo);
  await saved(page);
  await page.goto(`./?argilla=${encodeURIComponent(peer().url)}#/`);
  await expect(page.getByRole('listitem', { name: 'all-questions' }).getByText('1 submitted · 1 drafts · 1 discarded · 2 pending')).toBeVisible();

  const answers = readback('all-questions', user);
  expect(Object.keys(answers).sort()).toEqual([first, second, third].sort());
  expect(answers[first]).toEqual({
    status: 'submitted',
    values: {
      quality: 1,
      verdict: 'no',
      topics: ['math', 'code'],
      ranking: ['c', 'a', 'b'],
      improved: 'A clearer prompt, please.',
      entities: [{ label: 'PER', start: 0, end: 3 }, { label: 'LOC', start: 22, end: 28 }],
    },
  });
  // The draft holds what the form showed: the suggestions, with the rating changed to 5.
  const { improved, ...draft } = answers[second].values;
  expect(answers[second].status).toBe('draft');
  expect(draft).toEqual({
    quality: 5,
    verdict: 'yes',
    topics: ['science'],
    ranking: ['b', 'a', 'c'],
    entities: [{ label: 'PER', start: 0, end: 12 }, { label: 'LOC', start: 22, end: 28 }],
  });
  expect(improved).toMatch(/ Answer in two sentences\.$/);
  expect(answers[third].status).toBe('discarded');
});

test('API key sign-in; a revoked key keeps the answer until the contributor signs in again', async ({ page }, testInfo) => {
  const user = isPhone(testInfo) ? 'ann3' : 'ann4';
  const key = peer().api_keys[user];
  await openSignIn(page);
  await press(page.getByRole('radio', { name: 'API key' }), testInfo);
  await page.getByRole('textbox', { name: 'API key', exact: true }).fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await press(page.getByRole('link', { name: 'Start: prompt-rating' }), testInfo);
  await expect(page.getByRole('heading', { name: 'prompt-rating' })).toBeVisible();
  await expect(page.getByText(/Suggested: “\d” by gpt-judge \(score 0\.70\)\./)).toBeVisible();
  const rated = (await prompt(page).textContent()).replace(/^Prompt/, '').trim();

  // The server is unreachable while the answer is given: it waits on this device.
  await page.route('**/api/v1/**', (route) => route.abort('internetdisconnected'));
  await press(page.getByRole('radio', { name: '4', exact: true }), testInfo);
  await press(page.getByRole('button', { name: 'Submit' }), testInfo);
  await expect(page.getByRole('status').filter({ hasText: /Sending 1 answer|Offline/ })).toBeVisible();

  // Meanwhile the key is revoked; the reloaded app meets a 401 and asks for a new sign-in, keeping the answer.
  await page.evaluate(() => {
    const name = 'together:argilla:argilla-session';
    const session = JSON.parse(localStorage.getItem(name));
    localStorage.setItem(name, JSON.stringify({ ...session, api_key: 'revoked.key' }));
  });
  await page.unroute('**/api/v1/**');
  await page.reload();
  const status = page.getByRole('status').filter({ hasText: 'Sign in again to send 1 answer.' });
  await expect(status).toBeVisible();
  await press(status.getByRole('link', { name: 'Sign in' }), testInfo);
  await press(page.getByRole('radio', { name: 'API key' }), testInfo);
  await page.getByRole('textbox', { name: 'API key', exact: true }).fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await saved(page);

  expect(readback('prompt-rating', user)).toEqual({ [rated]: { status: 'submitted', values: { quality: 4 } } });

  // The dashboard keeps its last figures, and says so, while the server fails; it recovers by itself.
  await page.goto(`./?argilla=${encodeURIComponent(peer().url)}#/dashboard/${peer()['prompt-rating']}`);
  const chart = page.getByRole('img', { name: /^Records: \d+ completed, \d+ pending$/ });
  await expect(chart).toBeVisible();
  // An Argilla dataset's progress is for its members: nothing to embed in a public page.
  await expect(page.getByRole('button', { name: 'Embed' })).toHaveCount(0);
  const seen = () => page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.route('**/progress', (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }));
  await seen();
  await expect(page.getByRole('alert').filter({ hasText: /^Could not refresh \(The server failed \(503\)/ })).toBeVisible();
  await expect(chart).toBeVisible();
  await page.unroute('**/progress');
  await seen();
  await expect(page.getByText(/^Updated 0 s ago$/)).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not refresh' })).toHaveCount(0);
  await press(page.getByRole('button', { name: 'Sign out' }), testInfo);
  await page.goto(`./?argilla=${encodeURIComponent(peer().url)}#/`);
  await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in to contribute' })).toBeVisible();
});

test('the tab closed the moment after the last Submit: every answer reaches the server', async ({ page }, testInfo) => {
  const user = isPhone(testInfo) ? 'ann5' : 'ann6';
  await openSignIn(page);
  await press(page.getByRole('radio', { name: 'API key' }), testInfo);
  await page.getByRole('textbox', { name: 'API key', exact: true }).fill(peer().api_keys[user]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await press(page.getByRole('link', { name: 'Start: quick-rating' }), testInfo);
  await expect(page.getByRole('heading', { name: 'quick-rating' })).toBeVisible();
  const rated = [];
  for (let i = 0; i < 12; i += 1) {
    const shown = (await prompt(page).textContent()).replace(/^Prompt/, '').trim();
    rated.push(shown);
    await press(page.getByRole('radio', { name: String(1 + (i % 5)), exact: true }), testInfo);
    await press(page.getByRole('button', { name: 'Submit' }), testInfo);
    if (i < 11) await expect(prompt(page)).not.toHaveText(new RegExp(`${shown.replace(/[.?*]/g, '\\$&')}$`));
  }
  // Closed at once, as a contributor swiping the tab away does: the answer still on its way must arrive.
  await page.close({ runBeforeUnload: true });
  const expected = Object.fromEntries(rated.map((p, i) => [p, { status: 'submitted', values: { quality: 1 + (i % 5) } }]));
  await expect.poll(() => readback('quick-rating', user), { timeout: 10_000 }).toEqual(expected);
});
