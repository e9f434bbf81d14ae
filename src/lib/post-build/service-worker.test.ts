import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildId,
  cachePrefix,
  kindOf,
  planPrecache,
  urlOf,
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
