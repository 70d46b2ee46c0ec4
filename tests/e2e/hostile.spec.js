// Strangers' datasets, shown to strangers: what a hostile or careless task holds must not track contributors,
// break the phone layout or reorder the interface's own words. The demo bundle is swapped for one task made of
// such records.
import { test, expect } from '@playwright/test';

const longWord = 'ResponseMentionsTheConfigurationKey_max_concurrent_requests_per_worker';
const task = {
  task: {
    id: 'hostile',
    title: 'Hostile records',
    fields: [{ name: 'prompt', title: 'Prompt', use_markdown: true }],
    questions: [
      {
        name: 'verdict', title: 'Verdict', required: true,
        kind: { label: { options: [{ value: 'long', text: longWord }, { value: 'rlo', text: 'Reversed\u202e' }] } },
      },
      {
        name: 'entities', title: 'Entities', required: false,
        kind: { span: { field: 'prompt', options: [{ value: 'x', text: 'Thing' }, { value: 'y', text: 'Place' }] } },
      },
    ],
  },
  records: [
    {
      id: 'pixel',
      fields: { prompt: `A record with a tracking pixel ![pixel](http://tracker.test/pixel.gif) and ${'W'.repeat(3000)} then more.` },
      suggestions: [{ question: 'verdict', value: 'rlo', agent: 'judge\u202e', score: 0.5 }],
    },
  ],
};

// A record of 5 MB and a ranking of 1,000 options.
const huge = {
  task: {
    id: 'huge',
    title: 'Huge records',
    fields: [{ name: 'prompt', title: 'Prompt', use_markdown: true }],
    questions: [{
      name: 'order', title: 'Order', required: false,
      kind: { ranking: { options: Array.from({ length: 1000 }, (_, i) => ({ value: `o${i + 1}`, text: `Option ${i + 1}` })) } },
    }],
  },
  records: [{ id: 'big', fields: { prompt: `Start of a very long record. ${'*a* [b](https://x.y) '.repeat(250_000)}The end.` } }],
};

test.beforeEach(async ({ page }) => {
  await page.route('**/demo-tasks.json', (route) => route.fulfill({ json: { tasks: [task, huge] } }));
});

async function open(page) {
  await page.goto('./#/t/hostile');
  await page.getByLabel('Your name').fill('eve');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Hostile records' })).toBeVisible();
}

test('an image from a host the deployment does not trust loads only when asked', async ({ page }) => {
  const asked = [];
  await page.route('http://tracker.test/**', (route) => {
    asked.push(route.request().url());
    route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') });
  });
  await open(page);
  const show = page.getByRole('button', { name: 'Show image from tracker.test' });
  await expect(show).toBeVisible();
  await page.waitForTimeout(300);
  expect(asked).toEqual([]);
  await show.click();
  await expect(page.getByRole('img', { name: 'pixel' })).toBeVisible();
  expect(asked).toEqual(['http://tracker.test/pixel.gif']);
});

test('long unbroken words wrap: the page never scrolls sideways and Submit stays on screen', async ({ page }) => {
  await open(page);
  await expect(page.getByRole('radio', { name: longWord })).toBeAttached();
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(width);
  const submit = await page.getByRole('button', { name: 'Submit' }).boundingBox();
  expect(submit.x).toBeGreaterThanOrEqual(0);
  expect(submit.x + submit.width).toBeLessThanOrEqual(width);
});

test('a direction override in content does not reverse the interface text after it', async ({ page }) => {
  await open(page);
  const note = page.getByText(/Suggested: “.*Reversed.*” by .*judge/);
  await expect(note).toBeVisible();
  // Where the first and the last letters of “Suggested” and of “score” are drawn: left to right, as English is.
  const order = await note.evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const places = {};
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of ['Suggested', 'score']) {
        const at = node.data.indexOf(word);
        if (at < 0 || places[word]) continue;
        const x = (offset) => {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          return range.getBoundingClientRect().left;
        };
        places[word] = [x(at), x(at + word.length - 1)];
      }
    }
    return places;
  });
  expect(order.Suggested[0]).toBeLessThan(order.Suggested[1]);
  expect(order.score[0]).toBeLessThan(order.score[1]);
});

test('a 5 MB record shows its start and the rest on request; 1,000 options take a rank each', async ({ page }) => {
  await page.goto('./#/t/huge');
  await page.getByLabel('Your name').fill('eve');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const prompt = page.getByRole('region', { name: 'Prompt' });
  await expect(prompt).toContainText('Start of a very long record.');
  const showAll = prompt.getByRole('button', { name: /^Show all \([\d,]+ characters\)$/ });
  await expect(showAll).toBeVisible();
  expect((await prompt.textContent()).length).toBeLessThan(100_000);
  await expect(page.getByRole('spinbutton', { name: 'Rank of Option 1000', exact: true })).toBeVisible();
  await page.getByRole('spinbutton', { name: 'Rank of Option 500', exact: true }).fill('1');
  await page.getByRole('spinbutton', { name: 'Rank of Option 7', exact: true }).fill('2');
  await page.getByRole('spinbutton', { name: 'Rank of Option 8', exact: true }).fill('1001');
  await showAll.click();
  await expect(prompt).toContainText('The end.');
  await expect(showAll).toHaveCount(0);
  // A ranking counts once every option has its rank (as Argilla checks it); meanwhile it is a draft.
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Give every option a rank.' })).toBeVisible();
  await expect(page.getByText('Draft saved automatically.')).toBeVisible();
  // What this browser keeps of the draft (the demo keeps everything here): two ranks, the out-of-range one
  // left out.
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  expect(stored).toMatch(/o500\\*",\\*"rank\\*":1/);
  expect(stored).toMatch(/o7\\*",\\*"rank\\*":2/);
  expect(stored).not.toMatch(/"o8\\*"/);
});

test('the page allows no inline script: one smuggled in is refused by its Content-Security-Policy', async ({ page }) => {
  await open(page);
  const refused = await page.evaluate(() => new Promise((done) => {
    document.addEventListener('securitypolicyviolation', (event) => done(event.violatedDirective), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.__together_pwned = 1';
    document.body.append(script);
    setTimeout(() => done('no violation'), 2000);
  }));
  expect(refused).toMatch(/^script-src/);
  expect(await page.evaluate(() => window.__together_pwned)).toBeUndefined();
  // The widget's page has the same policy.
  await page.goto('./embed/index.html');
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'/);
});
