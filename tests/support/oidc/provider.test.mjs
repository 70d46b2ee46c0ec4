// The OpenID provider used by the sign-in tests behaves as a strict provider should: discovery, the code
// flow with S256 PKCE, refusal of a wrong verifier or a missing challenge, userinfo, and CORS for the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { createProvider } from './provider.mjs';

const app = 'http://127.0.0.1:4173';
const redirectUri = `${app}/`;
let issuer;
let server;

before(async () => {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address();
      probe.close(() => resolve(p));
    });
  });
  issuer = `http://127.0.0.1:${port}`;
  server = createProvider(port, [redirectUri]).listen(port, '127.0.0.1');
});

after(() => server?.close());

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** A browser's cookie jar, enough for the provider's interaction cookies. */
function browser() {
  const cookies = new Map();
  return async function go(url, options = {}) {
    const response = await fetch(url, {
      ...options,
      redirect: 'manual',
      headers: { ...options.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      cookies.set(name.trim(), value);
    }
    return response;
  };
}

/** Sign in through the development pages and return the redirect back to the app. */
async function signIn({ challenge, state = 'st', username = 'ana' }) {
  const go = browser();
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const params = new URLSearchParams({
    client_id: 'together', response_type: 'code', redirect_uri: redirectUri, scope: 'openid profile', state, nonce: 'n1',
  });
  if (challenge) {
    params.set('code_challenge', challenge);
    params.set('code_challenge_method', 'S256');
  }
  let response = await go(`${discovery.authorization_endpoint}?${params}`);
  let location = response.headers.get('location');
  while (location && !location.startsWith(app)) {
    const url = new URL(location, issuer);
    const page = await go(url);
    if (page.status === 200) {
      const html = await page.text();
      const action = new URL(/action="([^"]+)"/.exec(html)[1], issuer);
      const form = html.includes('name="login"')
        ? new URLSearchParams({ prompt: 'login', login: username, password: 'any' })
        : new URLSearchParams({ prompt: 'consent' });
      response = await go(action, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    } else {
      response = page;
    }
    location = response.headers.get('location');
  }
  return { discovery, back: location ? new URL(location) : null, response };
}

async function token(discovery, body) {
  return fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app },
    body: new URLSearchParams(body),
  });
}

test('discovery names the endpoints and S256', async () => {
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  assert.equal(discovery.issuer, issuer);
  assert.ok(discovery.authorization_endpoint && discovery.token_endpoint && discovery.userinfo_endpoint);
  assert.ok(discovery.code_challenge_methods_supported.includes('S256'));
});

test('the code flow with PKCE signs a user in, and userinfo names them', async () => {
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const { discovery, back } = await signIn({ challenge, state: 'state-1', username: 'ana' });
  assert.equal(back.searchParams.get('state'), 'state-1');
  assert.equal(back.searchParams.get('iss'), issuer);
  const code = back.searchParams.get('code');
  const answer = await token(discovery, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: 'together' });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('access-control-allow-origin'), app);
  const tokens = await answer.json();
  assert.ok(tokens.access_token && tokens.id_token && tokens.expires_in > 0);
  const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url'));
  assert.equal(claims.nonce, 'n1');
  const me = await (await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
  assert.equal(me.preferred_username, 'ana');
});

test('a wrong verifier gets no token', async () => {
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const { discovery, back } = await signIn({ challenge });
  const answer = await token(discovery, {
    grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: redirectUri,
    code_verifier: base64url(randomBytes(32)), client_id: 'together',
  });
  assert.equal(answer.status, 400);
  assert.equal((await answer.json()).error, 'invalid_grant');
});

test('an authorization request without a code challenge is refused', async () => {
  const { back } = await signIn({ challenge: null });
  assert.equal(back.searchParams.get('error'), 'invalid_request');
  assert.match(back.searchParams.get('error_description'), /PKCE/);
});
