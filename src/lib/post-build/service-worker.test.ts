import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createContext, Script } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildId,
  cachePrefix,
  kindOf,
  planPrecache,
  urlOf,
  workerScript,
  writeServiceWorker,
  WORKER_FILE,
} from './service-worker';

describe('kindOf', () => {
  it('precaches pages, stylesheets, scripts and woff2 fonts', () => {
    expect(kindOf('index.html')).toBe('page');
    expect(kindOf('entropy-and-kl/index.html')).toBe('page');
    expect(kindOf('404.html')).toBe('page');
    expect(kindOf('_astro/client.BhWeomM9.js')).toBe('asset');
    expect(kindOf('_astro/chapter-routes.dcYxW6G2.css')).toBe('asset');
    expect(kindOf('_astro/KaTeX_Main-Regular.B22Nviop.woff2')).toBe('asset');
  });

  it('leaves out source maps, the sitemap, the worker and the fonts woff2 readers never fetch', () => {
    expect(kindOf('_astro/client.BhWeomM9.js.map')).toBe('skip');
    expect(kindOf('sitemap-index.xml')).toBe('skip');
    expect(kindOf('sitemap-0.xml')).toBe('skip');
    expect(kindOf(WORKER_FILE)).toBe('skip');
    expect(kindOf('_astro/KaTeX_Main-Regular.C9Jd9bxd.woff')).toBe('skip');
    expect(kindOf('_astro/KaTeX_Main-Regular.Dr94JaBh.ttf')).toBe('skip');
  });

  it('precaches the search runtime, treats index chunks apart, and takes a UI bundle only when a page names it', () => {
    for (const runtime of [
      'pagefind/pagefind.js',
      'pagefind/pagefind-worker.js',
      'pagefind/pagefind-entry.json',
      'pagefind/pagefind.en_87d0de5022.pf_meta',
      'pagefind/wasm.en.pagefind',
      'pagefind/wasm.unknown.pagefind',
    ])
      expect(kindOf(runtime), runtime).toBe('asset');
    expect(kindOf('pagefind/fragment/en_188d5c5.pf_fragment')).toBe('search-chunk');
    expect(kindOf('pagefind/index/en_19b7c8d.pf_index')).toBe('search-chunk');
    expect(kindOf('pagefind/pagefind-ui.js')).toBe('skip');
    expect(kindOf('pagefind/pagefind-ui.js', (name) => name === 'pagefind-ui.js')).toBe('asset');
  });
});

describe('urlOf', () => {
  it('gives a page the address a reader visits, under the base', () => {
    expect(urlOf('index.html', '/')).toBe('/');
    expect(urlOf('entropy-and-kl/index.html', '/')).toBe('/entropy-and-kl/');
    expect(urlOf('entropy-and-kl/index.html', '/notebook/')).toBe('/notebook/entropy-and-kl/');
    expect(urlOf('404.html', '/notebook/')).toBe('/notebook/404.html');
    expect(urlOf('_astro/a.js', '/notebook/')).toBe('/notebook/_astro/a.js');
  });
});

describe('planPrecache', () => {
  const files = [
    { path: '_astro/a.css', size: 10 },
    { path: 'b/index.html', size: 100 },
    { path: 'index.html', size: 200 },
    { path: '_astro/a.css.map', size: 999 },
    { path: 'pagefind/pagefind.js', size: 30 },
    { path: 'pagefind/index/en_1.pf_index', size: 40 },
    { path: 'pagefind/fragment/en_2.pf_fragment', size: 50 },
  ];

  it('lists pages first, then files, in the same order whatever order the disk gave', () => {
    const plan = planPrecache(files, '/');
    expect(plan.urls).toEqual([
      '/b/',
      '/',
      '/_astro/a.css',
      '/pagefind/fragment/en_2.pf_fragment',
      '/pagefind/index/en_1.pf_index',
      '/pagefind/pagefind.js',
    ]);
    expect(planPrecache([...files].reverse(), '/')).toEqual(plan);
    expect(plan.bytes).toBe(10 + 100 + 200 + 30 + 40 + 50);
    expect(plan.deferred).toEqual([]);
  });

  it('leaves a large search index’s chunks for first use', () => {
    const plan = planPrecache(files, '/notebook/', () => false, 89);
    expect(plan.urls).not.toContain('/notebook/pagefind/index/en_1.pf_index');
    expect(plan.urls).toContain('/notebook/pagefind/pagefind.js');
    expect(plan.deferred).toEqual([
      '/notebook/pagefind/fragment/en_2.pf_fragment',
      '/notebook/pagefind/index/en_1.pf_index',
    ]);
    expect(plan.bytes).toBe(10 + 100 + 200 + 30);
  });
});

describe('buildId', () => {
  const build = [
    { path: 'index.html', sha256: 'aa' },
    { path: '_astro/a.js', sha256: 'bb' },
  ];

  it('is the same for the same files in any order', () => {
    expect(buildId([...build].reverse())).toBe(buildId(build));
  });

  it('changes when a file’s contents, a file’s name or the set of files changes', () => {
    const id = buildId(build);
    expect(buildId([build[0]!, { path: '_astro/a.js', sha256: 'bc' }])).not.toBe(id);
    expect(buildId([build[0]!, { path: '_astro/b.js', sha256: 'bb' }])).not.toBe(id);
    expect(buildId([build[0]!])).not.toBe(id);
  });
});

describe('cachePrefix', () => {
  it('keeps two notebooks on one origin apart', () => {
    const atRoot = cachePrefix('/');
    const underPath = cachePrefix('/notebook/');
    expect(underPath.startsWith(atRoot)).toBe(false);
    expect(atRoot.startsWith(underPath)).toBe(false);
  });
});

describe('writeServiceWorker', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const site = (base = '/') => ({ root, base, log: () => undefined });
  const makeBuild = () => {
    root = mkdtempSync(join(tmpdir(), 'sw-build-'));
    write('index.html', '<h1>Home</h1><script src="/_astro/a.js"></script>');
    write('a/index.html', '<h1>A</h1>');
    write('404.html', '<h1>Not found</h1>');
    write('_astro/a.js', 'console.log(1)');
    write('_astro/a.js.map', '{}');
    write('sitemap-index.xml', '<sitemapindex/>');
  };

  it('writes a worker that names its cache by the build, the same for the same build', async () => {
    makeBuild();
    const first = await writeServiceWorker(site());
    const script = readFileSync(join(root, WORKER_FILE), 'utf8');
    expect(first.cache.startsWith(cachePrefix('/'))).toBe(true);
    expect(script).toContain(JSON.stringify(first.cache));
    expect(first.urls).toEqual(['/404.html', '/a/', '/', '/_astro/a.js']);
    // Compiles as a script (without running it here: it expects a service worker's globals).
    expect(() => new Script(script)).not.toThrow();
    // The worker it wrote is not part of the build it names.
    const again = await writeServiceWorker(site());
    expect(again.cache).toBe(first.cache);
    expect(readFileSync(join(root, WORKER_FILE), 'utf8')).toBe(script);
  });

  it('names a new cache when any file changes, a source map included', async () => {
    makeBuild();
    const before = await writeServiceWorker(site());
    write('_astro/a.js.map', '{"version":3}');
    const after = await writeServiceWorker(site());
    expect(after.cache).not.toBe(before.cache);
  });

  it('puts the base path in every URL and in the cache prefix', async () => {
    makeBuild();
    const written = await writeServiceWorker(site('/notebook/'));
    expect(written.urls).toEqual([
      '/notebook/404.html',
      '/notebook/a/',
      '/notebook/',
      '/notebook/_astro/a.js',
    ]);
    expect(written.cache.startsWith(cachePrefix('/notebook/'))).toBe(true);
  });

  it('says what is missing when the build has no 404 page', async () => {
    makeBuild();
    rmSync(join(root, '404.html'));
    await expect(writeServiceWorker(site())).rejects.toThrow(/no 404\.html/);
  });
});

// The worker itself, run in a fake service-worker scope: a CacheStorage over maps, a fetch the
// test answers, and the install, activate and fetch events a browser would send.
const ORIGIN = 'https://reader.example';

class FakeCache {
  readonly entries = new Map<string, Response>();
  static key(request: string | { url: string }, ignoreSearch = false): string {
    const url = new URL(typeof request === 'string' ? request : request.url, ORIGIN);
    if (ignoreSearch) url.search = '';
    return url.href;
  }
  match(request: string | { url: string }, options: { ignoreSearch?: boolean } = {}) {
    return Promise.resolve(this.entries.get(FakeCache.key(request, options.ignoreSearch))?.clone());
  }
  put(request: string | { url: string }, response: Response) {
    this.entries.set(FakeCache.key(request), response);
    return Promise.resolve();
  }
  keys() {
    return Promise.resolve([...this.entries.keys()].map((url) => new Request(url)));
  }
  paths() {
    return [...this.entries.keys()].map((url) => new URL(url).pathname).sort();
  }
}

class FakeCacheStorage {
  readonly stores = new Map<string, FakeCache>();
  open(name: string) {
    if (!this.stores.has(name)) this.stores.set(name, new FakeCache());
    return Promise.resolve(this.stores.get(name)!);
  }
  has(name: string) {
    return Promise.resolve(this.stores.has(name));
  }
  delete(name: string) {
    return Promise.resolve(this.stores.delete(name));
  }
  keys() {
    return Promise.resolve([...this.stores.keys()]);
  }
  async match(
    request: string | { url: string },
    options: { cacheName?: string; ignoreSearch?: boolean } = {},
  ) {
    const names = options.cacheName === undefined ? [...this.stores.keys()] : [options.cacheName];
    for (const name of names) {
      const found = await this.stores.get(name)?.match(request, options);
      if (found) return found;
    }
    return undefined;
  }
}

/** One build's worker, started in a scope that shares `caches` with the builds before it. */
function startWorker(
  caches: FakeCacheStorage,
  build: { cache: string; precache: string[] },
  network: (url: string, init?: RequestInit) => Response | undefined,
) {
  const listeners = new Map<string, (event: unknown) => void>();
  const fetch = vi.fn((request: string | { url: string }, init?: RequestInit) => {
    const url = FakeCache.key(request);
    const response = network(url, init);
    if (response === undefined) return Promise.reject(new TypeError('Failed to fetch'));
    // A same-origin answer, as a browser types it (Node's fetch says 'default').
    return Promise.resolve(Object.defineProperty(response, 'type', { value: 'basic' }));
  });
  const scope = {
    self: {
      addEventListener: (type: string, listener: (event: unknown) => void) =>
        listeners.set(type, listener),
      skipWaiting: () => Promise.resolve(),
      clients: { claim: () => Promise.resolve() },
    },
    caches,
    fetch,
    location: new URL(ORIGIN),
    Response,
    URL,
  };
  const source = workerScript({
    cache: build.cache,
    prefix: cachePrefix('/'),
    base: '/',
    precache: build.precache,
    notFound: '/404.html',
  });
  new Script(source).runInContext(createContext(scope));
  /** Send a lifecycle event and wait for what it asked the browser to wait for. */
  const lifecycle = async (type: 'install' | 'activate') => {
    const pending: Promise<unknown>[] = [];
    listeners.get(type)!({ waitUntil: (p: Promise<unknown>) => pending.push(p) });
    await Promise.all(pending);
  };
  /** Ask the worker for `path` as a page would; undefined when it leaves it to the network. */
  const request = async (path: string, mode: 'navigate' | 'cors' = 'cors') => {
    const pending: Promise<unknown>[] = [];
    let answer: Promise<Response> | undefined;
    listeners.get('fetch')!({
      request: { url: ORIGIN + path, method: 'GET', mode },
      respondWith: (p: Promise<Response>) => (answer = p),
      waitUntil: (p: Promise<unknown>) => pending.push(p),
    });
    const response = await answer;
    await Promise.all(pending);
    return response;
  };
  return { fetch, lifecycle, request };
}

describe('the worker', () => {
  const prefix = cachePrefix('/');
  const buildA = {
    cache: `${prefix}aaaa`,
    precache: ['/404.html', '/', '/_astro/shared.js', '/_astro/cell.A1.js'],
  };
  const buildB = {
    cache: `${prefix}bbbb`,
    precache: ['/404.html', '/', '/_astro/shared.js', '/_astro/cell.B2.js'],
  };
  /** A host serving one build: each file's body names the build and the path. */
  const host = (build: string, files: readonly string[]) => (url: string) => {
    const path = new URL(url).pathname;
    return files.includes(path)
      ? new Response(`${build} ${path}`)
      : new Response('gone', { status: 404 });
  };
  const text = async (response: Response | undefined) => response?.text();

  it('precaches its build past the HTTP cache and keeps only its build’s cache', async () => {
    const caches = new FakeCacheStorage();
    const a = startWorker(caches, buildA, host('A', buildA.precache));
    await a.lifecycle('install');
    await a.lifecycle('activate');
    expect(a.fetch.mock.calls.map(([, init]) => init?.cache)).toEqual(
      buildA.precache.map(() => 'no-cache'),
    );
    expect(await caches.keys()).toEqual([buildA.cache]);
    expect((await caches.open(buildA.cache)).paths()).toEqual([...buildA.precache].sort());
  });

  it('shows a page from the network past the HTTP cache, and never stores it over the build’s own', async () => {
    const caches = new FakeCacheStorage();
    let online = true;
    let deployed = 'A';
    const a = startWorker(caches, buildA, (url) =>
      online ? host(deployed, buildA.precache)(url) : undefined,
    );
    await a.lifecycle('install');
    await a.lifecycle('activate');
    deployed = 'B';
    a.fetch.mockClear();
    // Online: the host's newer page, revalidated; the cache keeps build A's page for offline.
    expect(await text(await a.request('/', 'navigate'))).toBe('B /');
    expect(a.fetch.mock.calls[0]?.[1]).toEqual({ cache: 'no-cache' });
    expect(await text(await (await caches.open(buildA.cache)).match('/'))).toBe('A /');
    online = false;
    expect(await text(await a.request('/?from=feed', 'navigate'))).toBe('A /');
    const unknown = await a.request('/no-such-page/', 'navigate');
    expect(unknown?.status).toBe(404);
    expect(await text(unknown)).toBe('A /404.html');
  });

  it('keeps the replaced build’s hashed assets one generation, for its open tabs', async () => {
    const caches = new FakeCacheStorage();
    await (
      await caches.open(`${cachePrefix('/other/')}cccc`)
    ).put('/other/_astro/x.js', new Response('other notebook'));
    const a = startWorker(caches, buildA, host('A', buildA.precache));
    await a.lifecycle('install');
    await a.lifecycle('activate');
    // Build A asked for a file it did not list (it is cached as it is used).
    const onlyInA = host('A', ['/_astro/lazy.A3.js']);
    const aLazy = startWorker(caches, buildA, onlyInA);
    expect(await text(await aLazy.request('/_astro/lazy.A3.js'))).toBe('A /_astro/lazy.A3.js');

    // Build B replaces A: A's cache goes, its assets B lacks stay in previous-assets.
    const b = startWorker(caches, buildB, host('B', buildB.precache));
    await b.lifecycle('install');
    await b.lifecycle('activate');
    expect((await caches.keys()).sort()).toEqual(
      [`${cachePrefix('/other/')}cccc`, buildB.cache, `${prefix}previous-assets`].sort(),
    );
    expect((await caches.open(`${prefix}previous-assets`)).paths()).toEqual([
      '/_astro/cell.A1.js',
      '/_astro/lazy.A3.js',
    ]);
    // A tab of build A loads its cell's island after B took over: from the kept copy, not the
    // host (which answers 404 for it now).
    b.fetch.mockClear();
    expect(await text(await b.request('/_astro/cell.A1.js'))).toBe('A /_astro/cell.A1.js');
    expect(await text(await b.request('/_astro/cell.B2.js'))).toBe('B /_astro/cell.B2.js');
    // Astro retries a failed island import with a query: the kept copy answers that too.
    expect(await text(await b.request('/_astro/cell.A1.js?astro-retry=1'))).toBe(
      'A /_astro/cell.A1.js',
    );
    expect(b.fetch).not.toHaveBeenCalled();

    // Build C replaces B: only B's assets are kept now, A's are gone.
    const buildC = { cache: `${prefix}cccc`, precache: ['/404.html', '/', '/_astro/shared.js'] };
    const c = startWorker(caches, buildC, host('C', buildC.precache));
    await c.lifecycle('install');
    await c.lifecycle('activate');
    expect((await caches.open(`${prefix}previous-assets`)).paths()).toEqual(['/_astro/cell.B2.js']);
    expect(await caches.has(buildB.cache)).toBe(false);
    expect(await caches.has(`${cachePrefix('/other/')}cccc`)).toBe(true);
  });

  it('keeps no previous-assets cache when the new build has every asset of the old one', async () => {
    const caches = new FakeCacheStorage();
    const a = startWorker(caches, buildA, host('A', buildA.precache));
    await a.lifecycle('install');
    await a.lifecycle('activate');
    const revised = { ...buildA, cache: `${prefix}abab` };
    const b = startWorker(caches, revised, host('A2', revised.precache));
    await b.lifecycle('install');
    await b.lifecycle('activate');
    // An asset neither build has goes to the network, without creating a previous-assets cache.
    expect((await b.request('/_astro/none.js'))?.status).toBe(404);
    expect(await caches.keys()).toEqual([revised.cache]);
  });
});
