// Ad-hoc look at a built page or one element of it:
// node scripts/screenshot.ts <path> <out.png> [light|dark] [width] [scrollY|full|css selector]
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
if (scroll === 'full') await page.screenshot({ path: out, fullPage: true });
else if (/^\d+$/.test(scroll)) {
  await page.evaluate((y) => window.scrollTo(0, y), Number(scroll));
  await page.screenshot({ path: out });
} else await page.locator(scroll).first().screenshot({ path: out });
await browser.close();
await site.close();
