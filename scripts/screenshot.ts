// Screenshots of the built site (run `npm run build` first, or `npm run screenshot`); SITE_DIR
// names another build's folder than dist/.
//   node scripts/screenshot.ts
//     rewrites the README's picture, tests/screenshots/chapter.png: the softmax chapter's first cell,
//     hydrated, in a 1280×800 window;
//   node scripts/screenshot.ts <path> <out.png> [light|dark] [width] [scrollY|full|css selector]
//     an ad-hoc look at a page or one element of it.
import { launchBrowser } from '../tests/support/browser.ts';
import { hydrated } from '../tests/support/islands.ts';
import { serveStatic, SITE_DIR } from '../tests/support/static-server.ts';

const README_SHOT = 'tests/screenshots/chapter.png';

const args = process.argv.slice(2);
const site = await serveStatic(SITE_DIR);
const browser = await launchBrowser();
try {
  if (args.length === 0) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(new URL('softmax-and-logits/', site.url).href);
    await hydrated(page);
    await page
      .locator('[data-cell]')
      .first()
      .evaluate((cell) => cell.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: README_SHOT });
    console.log(`wrote ${README_SHOT}`);
  } else {
    const [path = '/', out = '/tmp/shot.png', theme = 'light', width = '1280', scroll = 'full'] =
      args;
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
    console.log(`wrote ${out}`);
  }
} finally {
  await browser.close();
  await site.close();
}
