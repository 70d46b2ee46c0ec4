// A contributor's session on the built-in demo data, by role and accessible name, on a phone and a desktop.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const isPhone = (testInfo) => testInfo.project.name === 'phone';

/** Tap on a touch screen, click elsewhere. */
async function press(locator, testInfo) {
  if (isPhone(testInfo)) await locator.tap();
  else await locator.click();
}

async function signIn(page, name) {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const myProgress = (page) => page.getByRole('progressbar', { name: 'My progress' });
const prompt = (page) => page.getByRole('region', { name: 'Prompt' });

test('a contributor rates, translates, keeps a draft across a reload and sees progress move', async ({ page }, testInfo) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  await press(page.getByRole('link', { name: 'Sign in to contribute to Rate prompt quality' }), testInfo);
  await signIn(page, 'ana');

  await expect(page.getByRole('heading', { name: 'Rate prompt quality' })).toBeVisible();
  await expect(myProgress(page)).toHaveAttribute('aria-valuenow', '0');
  for (const value of ['4', '2', '5']) {
    const before = await prompt(page).textContent();
    await press(page.getByRole('radio', { name: value, exact: true }), testInfo);
    await expect(page.getByRole('radio', { name: value, exact: true })).toBeChecked();
    await press(page.getByRole('button', { name: 'Submit' }), testInfo);
    await expect(prompt(page)).not.toHaveText(before);
  }
  await expect(myProgress(page)).toHaveAttribute('aria-valuenow', '3');
  await expect(page.getByRole('status').filter({ hasText: 'All answers saved' })).toBeVisible();
  if (isPhone(testInfo)) {
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot-phone.png', import.meta.url)) });
  }

  await press(page.getByRole('link', { name: 'Together' }), testInfo);
  await expect(page.getByRole('progressbar', { name: 'My progress on Rate prompt quality' })).toHaveAttribute('aria-valuenow', '3');

  // Translation: the machine translation is ready to edit.
  await press(page.getByRole('link', { name: 'Start: Translate prompts into Spanish' }), testInfo);
  const target = page.getByRole('textbox', { name: 'Target' });
  await expect(target).not.toHaveValue('');
  const suggested = await target.inputValue();
  await target.fill(`${suggested} (revisado)`);
  await press(page.getByRole('button', { name: 'Submit' }), testInfo);
  await expect(target).not.toHaveValue(`${suggested} (revisado)`);

  // A draft survives a reload and comes back first.
  await target.fill('Borrador: explica esto con calma');
  await press(page.getByRole('button', { name: 'Save draft' }), testInfo);
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Target' })).toHaveValue('Borrador: explica esto con calma');
  await expect(page.getByRole('note')).toHaveText('Your saved draft.');
  await press(page.getByRole('button', { name: 'Submit' }), testInfo);
  await expect(myProgress(page)).toHaveAttribute('aria-valuenow', '2');

  // The dashboard counts the contributor.
  await page.goto('./#/dashboard/mpep-es');
  const row = page.getByRole('row', { name: /ana/ });
  await expect(row).toContainText('2');
  await expect(page.getByRole('progressbar', { name: 'Progress toward the target' })).toBeVisible();
});

test('what a contributor typed survives a reload before any button is pressed', async ({ page }) => {
  await page.goto('./#/t/mpep-es');
  await signIn(page, 'ben');
  const target = page.getByRole('textbox', { name: 'Target' });
  await expect(target).not.toHaveValue('');
  await target.fill('Texto a medias');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Target' })).toHaveValue('Texto a medias');
  await expect(page.getByRole('note')).toHaveText('Restored what you typed before leaving this page.');
});

test('a record carrying a script payload shows it as text and never runs it', async ({ page }) => {
  await page.goto('./#/t/prompt-ranking/r/prompt-html');
  await signIn(page, 'eve');
  await expect(prompt(page)).toContainText('<script>window.__together_pwned = 1</script>');
  await expect(prompt(page)).toContainText('<img src=x onerror="window.__together_pwned = 1">');
  await expect(prompt(page).locator('script, img')).toHaveCount(0);
  await expect(prompt(page).getByRole('link')).toHaveCount(0);
  expect(await page.evaluate(() => window.__together_pwned)).toBeUndefined();
});

test('Arabic translations are typed right to left', async ({ page }) => {
  await page.goto('./#/t/mpep-ar');
  await signIn(page, 'layla2');
  const target = page.getByRole('textbox', { name: 'Target' });
  await expect(target).toHaveAttribute('dir', 'rtl');
  await expect(target).toHaveAttribute('lang', 'ar');
  await expect(target).not.toHaveValue('');
});

test('Backspace never discards, and a discard can be undone', async ({ page }, testInfo) => {
  await page.goto('./#/t/prompt-ranking');
  await signIn(page, 'dev');
  const first = await prompt(page).textContent();
  await page.keyboard.press('Backspace');
  await expect(prompt(page)).toHaveText(first);
  await press(page.getByRole('button', { name: 'Discard' }), testInfo);
  await expect(prompt(page)).not.toHaveText(first);
  await press(page.getByRole('button', { name: 'Undo' }), testInfo);
  await expect(prompt(page)).toHaveText(first);
  await expect(myProgress(page)).toHaveAttribute('aria-valuenow', '0');
});

test('keyboard: digits rate, Enter submits, Ctrl+S saves a draft', async ({ page }) => {
  await page.goto('./#/t/prompt-ranking');
  await signIn(page, 'kim');
  const first = await prompt(page).textContent();
  await page.keyboard.press('3');
  await expect(page.getByRole('radio', { name: '3', exact: true })).toBeChecked();
  await page.keyboard.press('Enter');
  await expect(prompt(page)).not.toHaveText(first);
  await page.keyboard.press('5');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await expect(myProgress(page)).toHaveAttribute('aria-valuenow', '1');
});

test('deep links survive a reload and the dashboard shows top contributors', async ({ page }) => {
  await page.goto('./#/dashboard/prompt-ranking');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard: Rate prompt quality' })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Top contributors' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('amira');
  await expect(rows.nth(1)).toContainText('14');
  await expect(page.getByText('Contributors', { exact: true })).toBeVisible();
});

test('controls are large enough to tap on a phone', async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), 'touch targets are a phone concern');
  await page.goto('./#/t/prompt-ranking');
  await signIn(page, 'tap');
  await expect(page.getByRole('radio', { name: '1', exact: true })).toBeVisible();
  const controls = [
    ...(await page.getByRole('radio').all()),
    page.getByRole('button', { name: 'Submit' }),
    page.getByRole('button', { name: 'Save draft' }),
    page.getByRole('button', { name: 'Discard' }),
    page.getByRole('button', { name: 'Sign out' }),
    page.getByLabel('Language'),
  ];
  for (const control of controls) {
    const box = await control.boundingBox();
    expect(box.height, await control.getAttribute('aria-label')).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThanOrEqual(44);
  }
});

test('two tabs at once: neither undoes the answers given in the other', async ({ page, context }, testInfo) => {
  await page.goto('./');
  await press(page.getByRole('link', { name: 'Sign in to contribute to Rate prompt quality' }), testInfo);
  await signIn(page, 'two-tabs');
  await expect(page.getByRole('heading', { name: 'Rate prompt quality' })).toBeVisible();
  const other = await context.newPage();
  await other.goto('./');
  await press(other.getByRole('link', { name: 'Start: Translate prompts into Spanish' }), testInfo);
  const target = other.getByRole('textbox', { name: 'Target' });
  await expect(target).not.toHaveValue('');

  async function rate(value) {
    const before = await prompt(page).textContent();
    await press(page.getByRole('radio', { name: value, exact: true }), testInfo);
    await press(page.getByRole('button', { name: 'Submit' }), testInfo);
    await expect(prompt(page)).not.toHaveText(before);
  }
  await rate('4');
  await rate('2');
  await target.fill('Una traducción desde la otra pestaña');
  await press(other.getByRole('button', { name: 'Submit' }), testInfo);
  await expect(target).not.toHaveValue('Una traducción desde la otra pestaña');
  await rate('5');

  // Both tabs, reloaded, count every answer of both.
  for (const tab of [page, other]) {
    await tab.goto('./');
    await expect(tab.getByRole('progressbar', { name: 'My progress on Rate prompt quality' })).toHaveAttribute('aria-valuenow', '3');
    await expect(tab.getByRole('progressbar', { name: 'My progress on Translate prompts into Spanish' })).toHaveAttribute('aria-valuenow', '1');
  }
  await other.close();
});

test('a full localStorage loses no answer at a reload, and with no room anywhere the page says so', async ({ page, context }, testInfo) => {
  await page.goto('./');
  await press(page.getByRole('link', { name: 'Sign in to contribute to Rate prompt quality' }), testInfo);
  await signIn(page, 'full-storage');
  await expect(page.getByRole('heading', { name: 'Rate prompt quality' })).toBeVisible();
  // Another app of this origin used up what localStorage allows.
  const fill = () => {
    let size = 1 << 20;
    for (let i = 0; size >= 1; ) {
      try {
        localStorage.setItem(`another-app-${i}`, 'x'.repeat(size));
        i += 1;
      } catch {
        size = Math.floor(size / 2);
      }
    }
  };
  await page.evaluate(fill);
  for (const value of ['4', '2']) {
    const before = await prompt(page).textContent();
    await press(page.getByRole('radio', { name: value, exact: true }), testInfo);
    await press(page.getByRole('button', { name: 'Submit' }), testInfo);
    await expect(prompt(page)).not.toHaveText(before);
  }
  await expect(page.getByRole('status').filter({ hasText: 'All answers saved' })).toBeVisible();
  await page.reload();
  await expect(myProgress(page)).toHaveAttribute('aria-valuenow', '2');
  await expect(page.getByRole('status').filter({ hasText: 'All answers saved' })).toBeVisible();

  // A browser with no IndexedDB either: the answer is not said to be saved.
  const bare = await context.newPage();
  await bare.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await bare.goto('./#/t/kto-haiku');
  await bare.evaluate(fill);
  await press(bare.getByRole('radio', { name: '👍 Yes' }), testInfo);
  await press(bare.getByRole('button', { name: 'Submit' }), testInfo);
  await expect(bare.getByRole('status').filter({ hasText: 'storage is full' })).toHaveText("This device's storage is full: answers not yet sent are kept only while this tab stays open.");
  await expect(bare.getByRole('status').filter({ hasText: 'All answers saved' })).toHaveCount(0);
  await bare.close();
});

// On a phone the record comes first: the task's title, progress, review and guidelines take a few compact lines,
// and the first field and the first question are on the first screen, above the action bar, for every question
// type. The demo's tasks (rating, text with a suggestion, labels) and three more made from the first one for
// the types the demo has not (several labels, a ranking, spans).
test('at phone size the record and its first question are on the first screen, for every question type', async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), 'the first screen of a phone');
  const bundle = await (await page.request.get('./demo-tasks.json')).json();
  const base = bundle.tasks[0];
  const options = (...values) => values.map((value) => ({ value, text: value[0].toUpperCase() + value.slice(1) }));
  const more = [
    ['layout-multi', 'Which topics does it touch?', { multi_label: { options: options('science', 'history', 'code', 'art', 'sport') } }],
    ['layout-ranking', 'Order the answers, best first', { ranking: { options: options('first answer', 'second answer', 'third answer') } }],
    ['layout-span', 'Mark the names', { span: { field: 'prompt', options: options('person', 'place', 'thing') } }],
  ].map(([id, title, kind]) => ({
    ...base,
    simulated: [],
    task: { ...base.task, id, title: `Layout: ${id}`, questions: [{ name: 'q', title, required: true, kind }] },
  }));
  await page.route('**/demo-tasks.json', (route) => route.fulfill({ json: { tasks: [...bundle.tasks, ...more] } }));
  await page.goto('./#/signin');
  await signIn(page, 'phone-first');
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  for (const { task } of [...bundle.tasks, ...more]) {
    await page.goto(`./#/t/${task.id}`);
    const question = task.questions[0].title;
    const first = page.getByRole('group', { name: question }).or(page.getByRole('textbox', { name: question })).first();
    await expect(first).toBeVisible();
    const field = page.getByRole('region', { name: task.fields[0].title }).first();
    const bar = await page.getByRole('button', { name: 'Submit' }).boundingBox();
    const [fieldBox, questionBox] = [await field.boundingBox(), await first.boundingBox()];
    expect(await page.evaluate(() => window.scrollY), task.id).toBe(0);
    expect(fieldBox.y, `${task.id}: the first field starts on the first screen`).toBeGreaterThanOrEqual(0);
    expect(fieldBox.y, `${task.id}: the first field starts on the first screen`).toBeLessThan(bar.y);
    // The question's title and its first line of answers, above the action bar.
    expect(questionBox.y + Math.min(questionBox.height, 64), `${task.id}: the first question is on the first screen`).toBeLessThanOrEqual(bar.y);
    // Nothing lost: both progress bars, review and guidelines are still there.
    await expect(page.getByRole('progressbar', { name: 'My progress' })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Team progress' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Review my answers' })).toBeVisible();
    await expect(page.getByText('Guidelines', { exact: true })).toBeVisible();
  }
});
