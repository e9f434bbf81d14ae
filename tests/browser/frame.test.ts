// The reading frame in a real browser: the contents mark the section being read, the "#" beside
// a heading shows on hover or keyboard focus only, and the body text is set in a face from the
// body stack (never DejaVu Serif, whose big x-height dwarfs KaTeX's formulas).
import type { Page } from 'playwright-core';
import { browserSession } from '../support/browser-session';
import { describe, expect, it } from 'vitest';

const CHAPTER = '/softmax-and-logits/';

const session = browserSession();

async function openChapter(): Promise<Page> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(new URL(CHAPTER.slice(1), session.site.url).href);
  return page;
}

/** The contents entries marked as the current section. */
const current = (page: Page) =>
  page
    .locator('.toc a[aria-current="location"]')
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).hash));

describe('the on-page contents', () => {
  it('marks the section being read, and only that one, as the reader scrolls', async () => {
    const page = await openChapter();
    const hashes = await page
      .locator('.toc a')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).hash));
    expect(hashes.length).toBeGreaterThan(2);
    for (const hash of [hashes[1], hashes[2], hashes[0]]) {
      await page.evaluate(
        (id) => {
          document.getElementById(id)?.scrollIntoView({ block: 'start' });
        },
        decodeURIComponent(String(hash).slice(1)),
      );
      await expect.poll(() => current(page)).toEqual([hash]);
    }
    await page.context().close();
  });

  it('follows a click on one of its own entries', async () => {
    const page = await openChapter();
    const last = page.locator('.toc a').last();
    const hash = await last.evaluate((a) => (a as HTMLAnchorElement).hash);
    await last.click();
    await expect.poll(() => current(page)).toEqual([hash]);
    await page.context().close();
  });
});

describe('heading anchors', () => {
  it('are hidden until the heading is hovered or the anchor has keyboard focus, and are named', async () => {
    const page = await openChapter();
    const heading = page.locator('.prose h2.heading').first();
    const anchor = heading.locator('.heading-anchor');
    const opacity = () => anchor.evaluate((a) => getComputedStyle(a).opacity);
    expect(await anchor.getAttribute('aria-label')).toBe('Link to this section');
    expect(await opacity()).toBe('0');
    await heading.hover();
    await expect.poll(opacity).toBe('1');
    await page.mouse.move(0, 0);
    await expect.poll(opacity).toBe('0');
    // Reach it by Tab from the element just before it, as a keyboard reader would.
    await anchor.evaluate((a) => {
      const before = document.createElement('button');
      a.before(before);
      before.focus();
    });
    await page.keyboard.press('Tab');
    expect(await anchor.evaluate((a) => a === document.activeElement)).toBe(true);
    await expect.poll(opacity).toBe('1');
    await page.context().close();
  });
});

describe('the body font', () => {
  it('renders a paragraph in a face from the body stack, not DejaVu Serif', async () => {
    const page = await openChapter();
    const stack = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--font-body'),
    );
    expect(stack).not.toMatch(/DejaVu/);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: '.prose > p:not(.lede)',
    });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const used = fonts.map((f) => f.familyName);
    expect(used.length).toBeGreaterThan(0);
    for (const family of used) {
      expect(family).not.toMatch(/DejaVu/);
      expect(stack).toContain(family);
    }
    await page.context().close();
  });
});
