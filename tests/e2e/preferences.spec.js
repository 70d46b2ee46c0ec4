// Preference (DPO) and thumbs up/down (KTO) tasks: single-choice labels, by tap and by keyboard.
import { test, expect } from '@playwright/test';

async function signIn(page, name) {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const region = (page, name) => page.getByRole('region', { name, exact: true });

test('a contributor picks the better of two answers and says why', async ({ page }, testInfo) => {
  await page.goto('./#/t/dpo-preference');
  await signIn(page, 'dpo-fan');
  await expect(region(page, 'Response A')).toBeVisible();
  await expect(region(page, 'Response B')).toBeVisible();
  const instruction = await region(page, 'Instruction').textContent();
  const better = page.getByRole('radio', { name: 'Response B is better' });
  if (testInfo.project.name === 'phone') await better.tap(); else await better.click();
  await expect(better).toBeChecked();
  await page.getByRole('textbox', { name: 'Why? (optional)' }).fill('B explains its answer.');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(region(page, 'Instruction')).not.toHaveText(instruction);
  await expect(page.getByRole('progressbar', { name: 'My progress' })).toHaveAttribute('aria-valuenow', '1');
});

test('thumbs up or down on haikus with digits and Enter', async ({ page }) => {
  await page.goto('./#/t/kto-haiku');
  await signIn(page, 'vibes');
  for (const digit of ['1', '2', '1']) {
    const haiku = await region(page, 'Haiku').textContent();
    await page.keyboard.press(digit);
    await expect(page.getByRole('radio', { name: digit === '1' ? '👍 Yes' : '👎 No' })).toBeChecked();
    await page.keyboard.press('Enter');
    await expect(region(page, 'Haiku')).not.toHaveText(haiku);
  }
  await expect(page.getByRole('progressbar', { name: 'My progress' })).toHaveAttribute('aria-valuenow', '3');
  await page.goto('./#/dashboard/kto-haiku');
  await expect(page.getByRole('table', { name: 'Top contributors' })).toContainText('vibes');
});
