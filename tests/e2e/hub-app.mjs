// The app as the Hub tests configure it (the fake Hub, its dataset viewer and the OpenID provider that
// ./peers.mjs started), and signing in at that provider as a contributor does.
export const hub = () => JSON.parse(process.env.HUB_E2E);

export const hubConfig = () => ({
  title: 'MPEP Spanish',
  hub: { endpoint: hub().url, datasets_server: `${hub().url}/viewer`, tasks: [hub().task] },
  oauth: { client_id: 'together', scopes: 'openid profile write-discussions', provider_url: hub().issuer },
});

// The fake Hub's rate limit for the next `window` seconds (`{ api, resolvers, window }`; `{}` turns it off).
export const rateLimit = (body) => fetch(`${hub().url}/_fake/rate-limit`,
  { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

// From the app's sign-in page: the button, then the provider's login form and its consent.
export async function signInAtProvider(page, user) {
  await page.getByRole('button', { name: 'Sign in with Hugging Face' }).click();
  await page.locator('input[name=login]').fill(user);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: /sign-in/i }).click();
  await page.getByRole('button', { name: /continue/i }).click();
}
