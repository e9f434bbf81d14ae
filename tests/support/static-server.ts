// A tiny static file server for the built site, honouring the base path and the 404 page,
// so browser tests see exactly what a static host would serve; with `compress`, it also answers
// as a static host does in production (gzip or brotli by Accept-Encoding, long-lived caching of
// hashed assets), which is what `npm run preview` and `npm run audit` measure.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The build browser tests and scripts read: `dist`, or another build's folder named by SITE_DIR. */
export const SITE_DIR = process.env['SITE_DIR'] ?? 'dist';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  // Pagefind's index fragments, metadata and WebAssembly: gzip files it reads with fetch().
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  // The chapters' Jupyter notebooks (src/pages/notebooks/), JSON that browsers download.
  '.ipynb': 'application/x-ipynb+json',
};

/** The Content-Type a static host sends for `file`, by its extension. */
export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Whether compressing a body of this type pays off (text and WebAssembly; not fonts, images or
 * Pagefind's fragments, which are already compressed). */
export function isCompressible(type: string): boolean {
  return (
    type.startsWith('text/') ||
    /^application\/(json|xml|wasm|manifest\+json)\b/.test(type) ||
    type.startsWith('image/svg+xml')
  );
}

export type Encoding = 'br' | 'gzip';

/** The encoding a host picks from Accept-Encoding: brotli when accepted, else gzip, else none;
 * `q=0` refuses a coding, `*` accepts any not named. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  const candidates = (['br', 'gzip'] as const).filter((name) => weightOf(name) > 0);
  // Prefer the higher weight; on a tie, brotli (smaller).
  return candidates.sort((a, b) => weightOf(b) - weightOf(a))[0];
}

/** Cache-Control for a file under the site root: Astro's hashed `_astro/` files never change,
 * so browsers may keep them a year; pages and everything else revalidate. */
export function cacheControl(relativePath: string): string {
  return relativePath.split(/[/\\]/)[0] === '_astro'
    ? 'public, max-age=31536000, immutable'
    : 'public, max-age=0, must-revalidate';
}

/** A body compressed with `encoding`, as a host's pre-compressed copy (brotli at quality 11). */
export function compressBody(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipSync(body, { level: 9 });
}

export interface StaticSite {
  readonly url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Answer with gzip or brotli when the client accepts it, and send cache headers. @default false */
  readonly compress?: boolean;
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
}

/** Resolve a request path to a file in `root`, or undefined when the host would answer 404. */
export function resolveRequest(root: string, base: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith(base)) return undefined;
  const relativePath = normalize(decoded.slice(base.length)).replace(/^(\.\.[/\\])+/, '');
  let file = resolve(root, relativePath);
  const rootPath = resolve(root);
  if (file !== rootPath && !file.startsWith(rootPath + sep)) return undefined;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** Serve `root` at http://<host>:<port><base>, optionally compressed as a production host does. */
export async function serveStatic(
  root: string,
  base = '/',
  options: ServeOptions = {},
): Promise<StaticSite> {
  const { compress = false, port = 0, host = '127.0.0.1' } = options;
  // Compressed copies, made once per file version (a host pre-compresses at deploy time).
  const compressed = new Map<string, Buffer>();

  const send = (
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    file: string | undefined,
  ) => {
    const type = file === undefined ? 'text/plain; charset=utf-8' : contentType(file);
    let body: Buffer = file === undefined ? Buffer.from('not found') : readFileSync(file);
    const headers: Record<string, string | number> = { 'content-type': type };
    if (compress) {
      headers['cache-control'] =
        file === undefined || status !== 200
          ? 'no-cache'
          : cacheControl(relative(resolve(root), file));
      if (isCompressible(type)) {
        headers['vary'] = 'Accept-Encoding';
        const encoding = chooseEncoding(request.headers['accept-encoding']);
        if (encoding !== undefined && file !== undefined) {
          const key = `${encoding}:${file}:${statSync(file).mtimeMs}`;
          const cached = compressed.get(key) ?? compressBody(body, encoding);
          compressed.set(key, cached);
          body = cached;
          headers['content-encoding'] = encoding;
        }
      }
    }
    headers['content-length'] = body.length;
    response.writeHead(status, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const server: Server = createServer((request, response) => {
    try {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      const file = resolveRequest(root, base, pathname);
      const notFound = join(root, '404.html');
      if (file !== undefined) send(request, response, 200, file);
      else send(request, response, 404, existsSync(notFound) ? notFound : undefined);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Could not serve ${request.url ?? ''}: ${String(error)}`);
    }
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(port, host, ready);
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${boundPort}${base}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
