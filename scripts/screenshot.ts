// Ad-hoc look at a built page: node scripts/screenshot.ts <path> <out.png> [light|dark] [width] [scrollY|full]
import { launchBrowser } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';

const [path = '/', out = '/tmp/shot.png', theme = 'light', width = '1280', scroll = 'full'] =
  process.argv.slice(2);
const site = await serveStatic('dist');
const browser = await launchBrowser();
const page = await browser.newPage({
  viewport: { width: Number(width), height: 900 },
  colorScheme: theme === 'dark' ? 'dark' : 'light',
});
page.on('console', (m) => console.log('console:', m.type(), m.text()));
await page.goto(new URL(path.replace(/^\//, ''), site.url).href);
await page.waitForTimeout(500);
if (scroll !== 'full') await page.evaluate((y) => window.scrollTo(0, y), Number(scroll));
await page.screenshot({ path: out, fullPage: scroll === 'full' });
await browser.close();
await site.close();
