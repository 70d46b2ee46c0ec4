// What both benchmarks share: the browser, the statistics, and the timing of Submit → next record.
import { chromium } from '@playwright/test';

const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });

export const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Rate and submit `count` records in a row; each time, the ms from the click on Submit until another
 * record's text is in the DOM, measured in the page. */
export async function timeSubmits(page, count) {
  const prompt = page.getByRole('region', { name: 'Prompt' });
  const times = [];
  for (let i = 0; i < count; i++) {
    const before = await prompt.textContent();
    await page.getByRole('radio', { name: String(1 + (i % 5)), exact: true }).click();
    times.push(await page.evaluate(async (previous) => {
      const region = () => document.querySelector('section[aria-label="Prompt"]');
      const t0 = performance.now();
      [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Submit').click();
      while (region()?.textContent === previous) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    }, before));
  }
  return times;
}
