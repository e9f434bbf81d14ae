// A tiny static file server for the built site, honouring the base path and the 404 page,
// so browser tests see exactly what a static host would serve.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

/** The build browser tests and scripts read: `dist`, or another build's folder named by SITE_DIR. */
export const SITE_DIR = process.env['SITE_DIR'] ?? 'dist';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticSite {
  readonly url: string;
  close(): Promise<void>;
}

/** Resolve a request path to a file in `root`, or undefined when the host would answer 404. */
export function resolveRequest(root: string, base: string, pathname: string): string | undefined {
  const decoded = decodeURIComponent(pathname);
  if (!decoded.startsWith(base)) return undefined;
  const relative = normalize(decoded.slice(base.length)).replace(/^(\.\.[/\\])+/, '');
  let file = resolve(root, relative);
  if (!file.startsWith(resolve(root))) return undefined;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** Serve `root` at http://127.0.0.1:<free port><base>. */
export async function serveStatic(root: string, base = '/'): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const file = resolveRequest(root, base, pathname);
    if (file === undefined) {
      const notFound = join(root, '404.html');
      response.writeHead(404, { 'content-type': TYPES['.html'] });
      if (existsSync(notFound)) createReadStream(notFound).pipe(response);
      else response.end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
