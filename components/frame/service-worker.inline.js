// Registers the notebook's service worker (ServiceWorker.astro inlines it, minified, with
// __BASE__ replaced by the site's base path), so a reader who visits once can read offline.
// After the page has loaded, so the worker's caching never competes with the page itself.
/* global __BASE__ */
if ('serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker
      .register(`${__BASE__}sw.js`, { scope: __BASE__ })
      .catch(() => undefined); // no worker (private mode, storage off): the page works online
  });
}
