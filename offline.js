// Installable and offline: registers the service worker (sw.js, beside this page, whose folder is its scope:
// a Space's dist/ as well as a site's root), and says when a new version waits by marking the page
// (<html data-update="waiting">), which shows the app's offer (src/components/update_offer.rs; the app may
// start before or after this). Its button ([data-take-update]) lets the new worker take over; the page then
// reloads into the new version, and the outbox, kept in localStorage, goes on in it.
(function () {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  var container = navigator.serviceWorker;
  var taking = false;

  function waiting(registration) {
    // Only a page that a worker already controls has an older version to leave; a first visit has none.
    if (!registration.waiting || !container.controller) return;
    document.documentElement.setAttribute('data-update', 'waiting');
  }

  function watch(registration) {
    waiting(registration);
    registration.addEventListener('updatefound', function () {
      var worker = registration.installing;
      if (!worker) return;
      worker.addEventListener('statechange', function () {
        if (worker.state === 'installed') waiting(registration);
      });
    });
    document.addEventListener('click', function (event) {
      if (!event.target.closest || !event.target.closest('[data-take-update]') || !registration.waiting) return;
      taking = true;
      registration.waiting.postMessage({ type: 'take-new-version' });
    });
    // A tab left open for days still hears of a new version when the contributor comes back to it.
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') registration.update().catch(function () {});
    });
  }

  container.addEventListener('controllerchange', function () {
    if (taking) location.reload();
  });

  addEventListener('load', function () {
    container.register('sw.js', { updateViaCache: 'none' }).then(function (registration) {
      watch(registration);
      // What this first visit read before the worker controlled it (a language, config.json): kept as well.
      return container.ready.then(function (ready) {
        var urls = performance.getEntriesByType('resource').map(function (entry) { return entry.name; });
        if (ready.active) ready.active.postMessage({ type: 'keep', urls: urls });
      });
    }).catch(function () {
      // No worker (a private window, a browser setting): the app works online as before.
    });
  });
})();
