// Telemed Network's service worker: the app opens on a cheap phone with a dropping 3G link.
// - The app shell (the page and its hashed bundles) is kept on the device: bundles never change
//   (their names carry their hash), so they are served from the cache and fetched only once.
// - Pages are asked of the network first, and served from the cache when there is none.
// - Nothing under /api/ is ever cached: patient data stays on the server.
const SHELL = 'telemed-shell-v1';

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
    event.respondWith(fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        void caches.open(SHELL).then((c) => c.put('/', copy));
      }
      return res;
    }).catch(() => caches.match('/').then((hit) => hit ?? Response.error())));
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
