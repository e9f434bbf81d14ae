// The notebook's service worker. service-worker.ts writes it to <site>/sw.js after each build,
// minified, with __BUILD__ replaced by that build's cache name and file list:
//   { cache, prefix, base, precache: [url…], notFound: url }
// Pages go to the network first, past the HTTP cache (an online reader sees a new build at once,
// an offline one this build's precached page; a network answer is never stored, so a page of
// another build never sits beside this build's assets). Hashed assets under _astro/ come from
// the cache first: this build's, then the build it replaced (kept one generation for tabs still
// showing that build), then the network. The other files the build lists (the search index) come
// from the cache while a fresh copy is fetched for next time.
/* global __BUILD__ */
(() => {
  const {
    cache: CACHE,
    prefix: PREFIX,
    base: BASE,
    precache: PRECACHE,
    notFound: NOT_FOUND,
  } = __BUILD__;
  // The replaced build's hashed assets this build lacks: an open tab of that build may still ask
  // for a cell's island or the search dialog, which its host no longer has.
  const PREVIOUS = `${PREFIX}previous-assets`;
  const HASHED = `${BASE}_astro/`;
  const SEARCH = `${BASE}pagefind/`;
  const listed = new Set(PRECACHE);

  // A redirected response may not answer a navigation; a fresh copy of it may.
  const plain = (response) =>
    response.redirected
      ? new Response(response.body, { status: response.status, headers: response.headers })
      : response;

  self.addEventListener('install', (event) => {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(CACHE);
        await Promise.all(
          PRECACHE.map(async (url) => {
            // A hashed file an older build already cached is the same file: copy, don't fetch.
            const old = url.startsWith(HASHED) ? await caches.match(url) : undefined;
            // Anything else is fetched past the HTTP cache, which may still hold the old build.
            const response = old ?? (await fetch(url, { cache: 'no-cache' }));
            if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
            await cache.put(url, plain(response));
          }),
        );
        await self.skipWaiting();
      })(),
    );
  });

  self.addEventListener('activate', (event) => {
    event.waitUntil(
      (async () => {
        // Only this notebook's older builds: another notebook on the origin has another prefix.
        const older = (await caches.keys()).filter(
          (name) => name.startsWith(PREFIX) && name !== CACHE && name !== PREVIOUS,
        );
        if (older.length > 0) {
          // The builds being replaced give their hashed assets to PREVIOUS, which replaces the
          // one an earlier activation kept: one generation back, never more.
          const kept = [];
          for (const name of older) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
              const path = new URL(request.url).pathname;
              if (path.startsWith(HASHED) && !listed.has(path)) {
                const response = await cache.match(request);
                if (response) kept.push([request, response]);
              }
            }
          }
          await caches.delete(PREVIOUS);
          if (kept.length > 0) {
            const previous = await caches.open(PREVIOUS);
            await Promise.all(kept.map(([request, response]) => previous.put(request, response)));
          }
          await Promise.all(older.map((name) => caches.delete(name)));
        }
        await self.clients.claim();
      })(),
    );
  });

  const fromCache = (request, options) =>
    caches.open(CACHE).then((cache) => cache.match(request, options));

  /** Keep a good same-origin answer for next time, without holding up the reader. */
  const keep = (event, request, response) => {
    if (response.ok && response.type === 'basic') {
      const copy = response.clone();
      event.waitUntil(
        caches
          .open(CACHE)
          .then((cache) => cache.put(request, copy))
          .catch(() => undefined), // storage full: the reader has the answer all the same
      );
    }
    return response;
  };

  // Revalidated with the host: a page the HTTP cache still holds from an older build names
  // assets this build's cache lacks. Not stored: every page was precached with its build.
  const page = async (event) => {
    try {
      return await fetch(event.request, { cache: 'no-cache' });
    } catch (offline) {
      const cached = await fromCache(event.request, { ignoreSearch: true });
      if (cached) return cached;
      const notFound = await fromCache(NOT_FOUND);
      if (!notFound) throw offline;
      return new Response(notFound.body, { status: 404, headers: notFound.headers });
    }
  };

  // This build's copy, else the replaced build's (a tab of that build), else the network. A
  // hashed name needs no query; Astro retries a failed island import with `?astro-retry=`.
  const cacheFirst = async (event) =>
    (await fromCache(event.request, { ignoreSearch: true })) ??
    // caches.match, as opening PREVIOUS would create it
    (await caches.match(event.request, { cacheName: PREVIOUS, ignoreSearch: true })) ??
    keep(event, event.request, await fetch(event.request));

  // Keyed without the query: Pagefind asks for its entry file with a fresh `?ts=` each time.
  const staleWhileRevalidate = async (event, url) => {
    const key = url.origin + url.pathname;
    const fresh = fetch(event.request).then((response) => keep(event, key, response));
    event.waitUntil(fresh.catch(() => undefined)); // offline: the cached copy stands
    return (await fromCache(key)) ?? fresh;
  };

  self.addEventListener('fetch', (event) => {
    const { request } = event;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== location.origin) return;
    if (!url.pathname.startsWith(BASE)) return;
    if (request.mode === 'navigate') event.respondWith(page(event));
    else if (url.pathname.startsWith(HASHED)) event.respondWith(cacheFirst(event));
    else if (listed.has(url.pathname) || url.pathname.startsWith(SEARCH))
      event.respondWith(staleWhileRevalidate(event, url));
    // Anything else (a dev server's modules, say) is left to the network.
  });
})();
