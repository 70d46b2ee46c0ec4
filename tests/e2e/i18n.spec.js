// The interface speaks English, Spanish and Arabic; Arabic mirrors the layout.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

test('a contributor switches to Arabic: the interface reads right to left and stays Arabic', async ({ page }, testInfo) => {
  await page.goto('./#/t/prompt-ranking');
  await page.getByLabel('Your name').fill('salma');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  const submit = page.getByRole('button', { name: 'إرسال' });
  await expect(submit).toBeVisible();
  await expect(page.getByRole('button', { name: 'حفظ كمسودة' })).toBeVisible();
  await expect(page.getByText('الإرشادات')).toBeVisible();

  // Rating options keep their names: the values.
  await page.getByRole('radio', { name: '4', exact: true }).click();
  await submit.click();
  await expect(page.getByRole('progressbar', { name: 'تقدّمي' })).toHaveAttribute('aria-valuenow', '1');
  await expect(page.getByRole('status').filter({ hasText: 'حُفظت كل الإجابات' })).toBeVisible();
  if (testInfo.project.name === 'phone') {
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot-phone-ar.png', import.meta.url)) });
  }

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('button', { name: 'إرسال' })).toBeVisible();
  await page.getByLabel('اللغة').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('button', { name: 'Submit' })).toBeVisible();
});

test.describe('a first visit from a Spanish browser', () => {
  test.use({ locale: 'es-ES' });

  test('is in Spanish, with Spanish validation messages', async ({ page }) => {
    await page.goto('./');
    await expect(page.getByRole('heading', { name: 'Tareas' })).toBeVisible();
    await page.getByRole('link', { name: 'Inicia sesión para contribuir a Rate prompt quality' }).click();
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect(page.getByRole('alert')).toHaveText('Escribe un nombre: así se cuentan tus respuestas en el panel.');
    await page.getByLabel('Tu nombre').fill('lucía');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect(page.getByRole('alert')).toHaveText('Elige una valoración.');
  });
});
