// Accessibility checked, not assumed: axe-core on every page a contributor or a lead meets (the leaderboard too),
// at phone and desktop size (the two projects), in light and dark, in English and Arabic: no serious or critical
// violation. And a task completed with the keyboard alone, from the task list to "All done!".
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Serious and critical violations on the page as it is now, each as "rule: first element". */
async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(result.passes.length, 'axe checked the page').toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')}`);
}

/** The demo's tasks, and three more for the question types the demo has not (several labels, a ranking, spans). */
async function withEveryQuestionType(page) {
  const bundle = await (await page.request.get('./demo-tasks.json')).json();
  const base = bundle.tasks[0];
  const options = (...values) => values.map((value) => ({ value, text: value[0].toUpperCase() + value.slice(1) }));
  const more = [
    ['types-multi', 'Which topics does it touch?', { multi_label: { options: options('science', 'history', 'code') } }],
    ['types-ranking', 'Order the answers, best first', { ranking: { options: options('first answer', 'second answer') } }],
    ['types-span', 'Mark the names', { span: { field: 'prompt', options: options('person', 'place') } }],
  ].map(([id, title, kind]) => ({
    ...base, simulated: [], task: { ...base.task, id, title: `Types: ${id}`, questions: [{ name: 'q', title, required: true, kind }] },
  }));
  await page.route('**/demo-tasks.json', (route) => route.fulfill({ json: { tasks: [...bundle.tasks, ...more] } }));
  return [...bundle.tasks, ...more].map((t) => t.task.id);
}

for (const scheme of ['light', 'dark']) {
  for (const language of ['en', 'ar']) {
    test.describe(`${language}, ${scheme}`, () => {
      test.use({ colorScheme: scheme, locale: language === 'ar' ? 'ar-EG' : 'en-US' });

      test('every page has no serious or critical accessibility violation', async ({ page }) => {
        const tasks = await withEveryQuestionType(page);
        const found = {};
        const check = async (name, ready) => {
          await expect(ready).toBeVisible();
          const bad = await violations(page);
          if (bad.length) found[name] = bad;
        };
        await page.goto('./#/signin');
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        const name = page.getByRole('textbox').first();
        await check('sign-in', name);
        await name.fill('axel');
        await page.keyboard.press('Enter');
        await check('task list', page.getByRole('heading', { level: 1 }));
        for (const id of tasks) {
          await page.goto(`./#/t/${id}`);
          await check(`annotate ${id}`, page.getByRole('form').or(page.locator('.record')).first());
        }
        await page.goto('./#/t/prompt-ranking/review/submitted');
        await check('review', page.getByRole('heading', { level: 1 }));
        await page.goto('./#/dashboard/prompt-ranking');
        await check('dashboard', page.getByRole('table').first());
        await page.goto('./#/dashboard');
        await check('all tasks', page.getByRole('table').first());
        await page.goto('./#/leaderboard');
        await check('leaderboard', page.getByRole('table').first());
        await page.goto(`./embed/index.html#/embed/progress?tasks=prompt-ranking&lang=${language}`);
        await check('widget', page.getByRole('progressbar').first());
        expect(found).toEqual({});
      });
    });
  }
}

/** Press Tab until `locator` has the focus, as a keyboard user moves through the page. */
async function tabTo(page, locator) {
  for (let i = 0; i < 60 && !(await locator.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(locator).toBeFocused();
}

test('the keyboard alone completes a task: sign in, open it, answer every record, see "All done!"', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  await tabTo(page, page.getByRole('link', { name: 'Sign in to contribute to Do you like this haiku?' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Your name'));
  await page.keyboard.type('kim');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Do you like this haiku?' })).toBeVisible();
  // Every record that needs this contributor: a digit picks an option, Enter submits, the next record comes.
  const progress = page.getByRole('progressbar', { name: 'My progress' });
  const done = page.getByRole('heading', { name: 'All done!' });
  const instruction = page.getByRole('region', { name: 'Haiku', exact: true });
  let answered = 0;
  for (;;) {
    await expect(instruction.or(done)).toBeVisible();
    if (await done.isVisible()) break;
    const shown = await instruction.textContent();
    await page.keyboard.press(answered % 2 ? '2' : '1');
    await expect(page.getByRole('radio', { checked: true })).toHaveCount(1);
    await page.keyboard.press('Enter');
    answered += 1;
    await expect(async () => {
      if (await done.isVisible()) return;
      expect(await progress.getAttribute('aria-valuenow')).toBe(String(answered));
      expect(await instruction.textContent()).not.toBe(shown);
    }).toPass();
  }
  await expect(done).toBeVisible();
  expect(answered).toBeGreaterThanOrEqual(5);
});
