// `npm run preview`: serves the built site as a static host does in production (gzip or brotli
// by Accept-Encoding, a year's caching for hashed `_astro/` files, the 404 page), so what you
// measure locally is what readers get. Run `npm run build` first.
//   SITE_DIR   the build to serve (default dist/; dist-base/ for `npm run build:base`)
//   SITE_BASE  the base path it was built for (default /)
//   PORT       the port (default 4321); HOST the interface (default 127.0.0.1)
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalizeBase } from '../src/lib/paths.ts';
import { serveStatic } from '../tests/support/static-server.ts';

const root = resolve(process.env['SITE_DIR'] ?? 'dist');
const base = normalizeBase(process.env['SITE_BASE']);
const port = Number(process.env['PORT'] ?? 4321);
const host = process.env['HOST'] ?? '127.0.0.1';

if (!existsSync(join(root, 'index.html'))) {
  console.error(`No built site at ${root} (no index.html). Run \`npm run build\` first.`);
  process.exit(1);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a whole number from 0 to 65535, not ${process.env['PORT']}.`);
  process.exit(1);
}

try {
  const site = await serveStatic(root, base, { compress: true, port, host });
  console.log(`Serving ${root} compressed (brotli, gzip) at ${site.url}`);
  const stop = () => void site.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${port} is in use; choose another with PORT=<port> npm run preview.`
      : `Could not start the preview server: ${String(error)}`,
  );
  process.exit(1);
}
