// The service worker: keeps a copy of the whole site so the calculator, the
// lesson page and the embeds work with the network off. One cache per
// version (the build writes VERSION and FILES): a new version is fetched in
// the background on the next visit, becomes active at once, and serves from
// the visit after; older caches are deleted. Requests to other origins are
// never touched (the site makes none).
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `margin-lab-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("margin-lab-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      // A page with options or a share link in its URL is the same page.
      const hit = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
      return hit ?? fetch(request);
    }),
  );
});
