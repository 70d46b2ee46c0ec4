// The interface speaks thirteen languages; Arabic and Persian mirror the layout; counts take their plural forms.
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

test.describe('a first visit from a Persian browser', () => {
  test.use({ locale: 'fa-IR' });

  test('is in Persian, right to left, and a rating goes through', async ({ page }, testInfo) => {
    await page.goto('./');
    await expect(page.getByRole('heading', { name: 'کارها' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
    await page.getByRole('link', { name: 'برای مشارکت در Rate prompt quality وارد شوید' }).click();
    await page.getByLabel('نام شما').fill('darya');
    await page.getByRole('button', { name: 'ورود' }).click();
    await page.getByRole('radio', { name: '4', exact: true }).click();
    await page.getByRole('button', { name: 'ارسال' }).click();
    await expect(page.getByRole('progressbar', { name: 'پیشرفت من' })).toHaveAttribute('aria-valuenow', '1');
    // Its numbers in Persian digits, as the browser writes them: "۱ از ۵۰ …".
    await expect(page.getByRole('progressbar', { name: 'پیشرفت من' })).toHaveAttribute('aria-valuetext', /^۱ از ۵۰ /);
    await expect(page.getByRole('status').filter({ hasText: 'همهٔ پاسخ‌ها ذخیره شد' })).toBeVisible();
    if (testInfo.project.name === 'phone') {
      await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot-phone-fa.png', import.meta.url)) });
    }
  });
});

test.describe('a first visit from a Chinese browser', () => {
  test.use({ locale: 'zh-CN' });

  test('is in Simplified Chinese, left to right', async ({ page }, testInfo) => {
    await page.goto('./#/t/mpep-es');
    await page.getByLabel('你的名字').fill('xiaoming');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('button', { name: '提交' })).toBeVisible();
    await expect(page.getByRole('link', { name: '查看我的回答' })).toBeVisible();
    if (testInfo.project.name === 'phone') {
      await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot-phone-zh.png', import.meta.url)) });
    }
  });
});

test('counts take the plural form of the language: one, few and many in Russian', async ({ page }) => {
  await page.goto('./#/t/prompt-ranking');
  await page.getByLabel('Your name').fill('olga');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Language').selectOption('ru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  const said = [];
  for (const n of [1, 2, 3, 4, 5]) {
    await expect(page.getByRole('progressbar', { name: 'Мой прогресс' })).toHaveAttribute('aria-valuenow', String(n - 1));
    await page.getByRole('radio', { name: '3', exact: true }).click();
    await page.getByRole('button', { name: 'Отправить' }).click();
    await expect(page.getByRole('progressbar', { name: 'Мой прогресс' })).toHaveAttribute('aria-valuenow', String(n));
    if (n === 1 || n === 2 || n === 5) {
      await page.getByRole('link', { name: 'Мои ответы' }).click();
      const count = page.getByText(/^\d+ запис(ь|и|ей)$/);
      await expect(count).toBeVisible();
      said.push(await count.textContent());
      await page.getByRole('link', { name: 'Назад к разметке' }).click();
    }
  }
  expect(said).toEqual(['1 запись', '2 записи', '5 записей']);
});
