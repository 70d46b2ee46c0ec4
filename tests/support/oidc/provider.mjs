// A standards-compliant OpenID provider on loopback for tests: npm `oidc-provider` with one public client
// ("together": no secret, PKCE with S256 required) and its development login and consent pages.
//   node provider.mjs PORT REDIRECT_URI [REDIRECT_URI …]
// Any login name is accepted (password ignored); it becomes the user's `preferred_username`.
import Provider from 'oidc-provider';

export function createProvider(port, redirectUris) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'together',
      token_endpoint_auth_method: 'none',
      application_type: 'native', // loopback http redirect URIs, as a local development client has
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    clientBasedCORS: () => true,
    scopes: ['openid', 'profile', 'write-discussions'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'picture'] },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, preferred_username: id, name: `Test user ${id}`, picture: `${issuer}/avatars/${id}.svg` };
        },
      };
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
    cookies: { keys: ['together-tests-only'] },
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  return provider;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2]);
  const provider = createProvider(port, process.argv.slice(3));
  provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider on http://127.0.0.1:${port}`));
}
