// Together's service worker: the app starts with no network, and a task goes on where it was.
//  - The app shell (this build's page, scripts, Wasm, styles, demo tasks) is kept when the worker installs and
//    served from there: a contributor's tab keeps the version it started with until they take the new one (the
//    page offers it once a new worker waits: offline.js).
//  - Everything else the app reads (config.json, a language, the lead build, a task's definition, records and
//    answers from the Hub or from Argilla) goes to the network first; what came back is kept, and given back only
//    when the network cannot be reached (never in place of a 429 or a 5xx, which the app must see).
//  - Reads of a signed-in contributor are kept apart from anyone else's: the cache key carries a digest of the
//    credentials the request was sent with, so a shared phone offline shows nobody another person's data.
//  - Writes are never kept or replayed here: the app's outbox (localStorage) holds answers until they are
//    delivered. Argilla's record search is a read sent as a POST, and is kept as a read.
// scripts/service-worker.mjs writes BUILD (the shell's files and a version named by their content) into the
// copy of this file in a build's folder.
const BUILD = { version: 'dev', files: [] };

const SHELL = `together-shell-${BUILD.version}`;
const FILES = `together-files-${BUILD.version}`;
const DATA = 'together-data-v1';
const scope = new URL(self.registration.scope);
const shellUrl = (file) => new URL(file, scope).href;
const page = shellUrl('index.html');
const shellFiles = new Set(BUILD.files.map(shellUrl));
const sameOrigin = (url) => new URL(url).origin === scope.origin;

self.addEventListener('install', (event) => {
  // A file named by its content comes from the HTTP cache when the page has just loaded it (a phone does not
  // download the Wasm twice); any other file is checked with the server, so that no older page or script joins
  // this version's shell.
  const named = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(BUILD.files.map((file) =>
    new Request(shellUrl(file), { cache: named.test(file) ? 'default' : 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('together-') && name !== SHELL && name !== FILES && name !== DATA) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const message = event.data || {};
  if (message.type === 'take-new-version') self.skipWaiting();
  // Files of ours the page read before this worker controlled it (its first visit): keep them too.
  if (message.type === 'keep' && Array.isArray(message.urls)) {
    event.waitUntil(caches.open(FILES).then((cache) => Promise.all(message.urls
      .filter((url) => sameOrigin(url) && !shellFiles.has(url))
      .map((url) => cache.match(url).then((kept) => kept || fetch(url).then((r) => r.ok && cache.put(url, r)))
        .catch(() => {})))));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The app's page at its folder's address, whatever its query (a sign-in's) or hash: this version's page.
  const appPage = request.mode === 'navigate' && (url.origin + url.pathname === scope.href || url.origin + url.pathname === page);
  const shellFile = request.method === 'GET' && shellFiles.has(url.origin + url.pathname) && !url.search;
  if (appPage || shellFile) {
    event.respondWith(caches.match(appPage ? page : request.url, { cacheName: SHELL }).then((kept) => kept || fetch(request)));
    return;
  }
  if (request.headers.has('range')) return;
  if (request.method === 'GET' || (request.method === 'POST' && /\/records\/search$/.test(url.pathname))) {
    event.respondWith(networkFirst(request, sameOrigin(request.url) ? FILES : DATA));
  }
});

async function networkFirst(request, name) {
  const key = await cacheKey(request);
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const kept = await (await caches.open(name)).match(key);
    if (kept) return kept;
    throw offline;
  }
  if (response.status === 200 && response.type !== 'opaque') {
    const copy = response.clone();
    caches.open(name).then((cache) => cache.put(key, copy)).catch(() => {});
  }
  return response;
}

// A GET request as itself, unless it carries credentials or a body: then an address of its own that names a
// digest of them (the Cache API keeps GET requests only, and would otherwise give one person's reads to another).
async function cacheKey(request) {
  const parts = [];
  for (const header of ['authorization', 'x-argilla-api-key']) {
    if (request.headers.has(header)) parts.push(`${header}: ${request.headers.get(header)}`);
  }
  if (request.method !== 'GET') parts.push(request.method, await request.clone().text());
  if (!parts.length) return request.url;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\n')));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const url = new URL(request.url);
  url.searchParams.set('together-kept-for', hex);
  return url.href;
}
