// Telemed Network's service worker: the app opens on a cheap phone with a dropping 3G link.
// - The app shell (the page and its hashed bundles) is kept on the device: bundles never change
//   (their names carry their hash), so they are served from the cache and fetched only once.
// - The page (the shell) is served from the device when kept there, and refreshed in the background.
// - Nothing under /api/ is ever cached: patient data stays on the server.
const SHELL = 'telemed-shell-v2';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(['/', '/manifest.webmanifest', '/icon.svg'])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    // The page is the app shell, the same for every route: served from the device at once when kept
    // there (a 3G round trip is most of a second), and refreshed from the network for the next opening.
    // A newer release thus opens the time after it is out; a bundle of the old one that is no longer
    // on the server makes the page load the new release (main.tsx, `vite:preloadError`).
    const fresh = fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        event.waitUntil(caches.open(SHELL).then((c) => c.put('/', copy)));
      }
      return res;
    });
    event.respondWith(caches.match('/').then((hit) => hit ?? fresh).catch(() => fresh)
      .then((res) => res, () => caches.match('/').then((hit) => hit ?? Response.error())));
    event.waitUntil(fresh.then(() => undefined, () => undefined));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(req).then((hit) => hit ?? fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        void caches.open(SHELL).then((c) => c.put(req, copy));
      }
      return res;
    })));
  }
});
