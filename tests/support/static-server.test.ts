import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cacheControl,
  chooseEncoding,
  contentType,
  isCompressible,
  resolveRequest,
  serveStatic,
  type StaticSite,
} from './static-server';

describe('chooseEncoding', () => {
  it('prefers brotli, falls back to gzip, and sends plain bytes to a client that accepts neither', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });

  it('honours q-values: q=0 refuses a coding, a higher weight wins, * stands for the rest', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0.1, br;q=0')).toBe('gzip');
    expect(chooseEncoding('BR')).toBe('br');
  });
});

describe('content types and caching', () => {
  it('names the types a browser checks, Pagefind and WebAssembly included', () => {
    expect(contentType('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('_astro/x.Ab12.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('pagefind/wasm.en.pagefind')).toBe('application/octet-stream');
    expect(contentType('pagefind/pagefind.pf_meta')).toBe('application/octet-stream');
    expect(contentType('pagefind/x.wasm')).toBe('application/wasm');
    expect(contentType('_astro/KaTeX_Main-Regular.B22Nviop.woff2')).toBe('font/woff2');
    expect(contentType('unknown.bin')).toBe('application/octet-stream');
  });

  it('compresses text and WebAssembly, not fonts, images or already-gzipped Pagefind files', () => {
    expect(isCompressible(contentType('x.html'))).toBe(true);
    expect(isCompressible(contentType('x.css'))).toBe(true);
    expect(isCompressible(contentType('x.svg'))).toBe(true);
    expect(isCompressible(contentType('x.wasm'))).toBe(true);
    expect(isCompressible(contentType('x.woff2'))).toBe(false);
    expect(isCompressible(contentType('x.png'))).toBe(false);
    expect(isCompressible(contentType('x.pf_fragment'))).toBe(false);
  });

  it('lets browsers keep hashed _astro files a year and makes them revalidate everything else', () => {
    expect(cacheControl('_astro/chapter.dcYxW6G2.css')).toMatch(/max-age=31536000.*immutable/);
    expect(cacheControl('index.html')).toMatch(/max-age=0/);
    expect(cacheControl('sw.js')).toMatch(/max-age=0/);
    expect(cacheControl('docs/_astro.html')).toMatch(/max-age=0/);
  });
});

describe('resolveRequest', () => {
  it('refuses malformed escapes and paths that climb out of the root', () => {
    const root = mkdtempSync(join(tmpdir(), 'resolve-'));
    writeFileSync(join(root, 'index.html'), '');
    expect(resolveRequest(root, '/', '/%E0%A4%A')).toBeUndefined();
    expect(resolveRequest(root, '/', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveRequest(`${root}-sibling`, '/', '/')).toBeUndefined();
    expect(resolveRequest(root, '/', '/')).toBe(join(root, 'index.html'));
    rmSync(root, { recursive: true });
  });
});

describe('serveStatic with compression', () => {
  const root = mkdtempSync(join(tmpdir(), 'served-'));
  const page = `<!doctype html><p>${'cross-entropy '.repeat(500)}</p>`;
  let plain: StaticSite;
  let compressed: StaticSite;
  beforeAll(async () => {
    mkdirSync(join(root, '_astro'));
    writeFileSync(join(root, 'index.html'), page);
    writeFileSync(join(root, '404.html'), '<p>missing</p>');
    writeFileSync(join(root, '_astro', 'style.Ab12.css'), `p{color:red}${' '.repeat(2000)}`);
    writeFileSync(join(root, '_astro', 'face.Ab12.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    plain = await serveStatic(root, '/nb/');
    compressed = await serveStatic(root, '/nb/', { compress: true });
  });
  afterAll(async () => {
    await plain.close();
    await compressed.close();
    rmSync(root, { recursive: true });
  });

  const get = (url: string, encoding: string) =>
    fetch(url, { headers: { 'accept-encoding': encoding } }).then(async (response) => ({
      status: response.status,
      headers: response.headers,
      // fetch() decodes the body itself.
      body: await response.text(),
    }));

  /** The undecoded response, so the test sees the compressed bytes themselves. */
  const rawGet = (url: string, encoding: string) =>
    new Promise<{ headers: Record<string, unknown>; body: Buffer }>((done, fail) => {
      httpGet(url, { headers: { 'accept-encoding': encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', fail);
    });

  it('serves plain bytes without the flag, as the browser tests always have', async () => {
    const response = await get(plain.url, 'br, gzip');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('cache-control')).toBeNull();
    expect(response.body).toBe(page);
  });

  it('sends brotli or gzip by Accept-Encoding, and bodies that decode to the file', async () => {
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const response = await rawGet(compressed.url, encoding);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers['vary']).toBe('Accept-Encoding');
      expect(Number(response.headers['content-length'])).toBe(response.body.length);
      expect(response.body.length).toBeLessThan(page.length / 10);
      expect(decode(response.body).toString()).toBe(page);
    }
  });

  it('caches hashed assets for a year, leaves fonts uncompressed, and keeps the 404 page', async () => {
    const css = await get(`${compressed.url}_astro/style.Ab12.css`, 'gzip');
    expect(css.headers.get('content-encoding')).toBe('gzip');
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const font = await get(`${compressed.url}_astro/face.Ab12.woff2`, 'br, gzip');
    expect(font.headers.get('content-encoding')).toBeNull();
    expect(font.headers.get('content-type')).toBe('font/woff2');
    const missing = await get(`${compressed.url}nowhere/`, 'br');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('<p>missing</p>');
    expect(missing.headers.get('cache-control')).toBe('no-cache');
  });
});
