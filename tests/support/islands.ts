// Waiting for a built page's cells the way a reader meets them: scrolled into view, hydrated.
import type { Page } from 'playwright-core';

/** Scroll each cell into view in turn (client:visible) and wait for its island to hydrate. */
export async function hydrated(page: Page): Promise<void> {
  const islands = await page.locator('astro-island').count();
  for (let i = 0; i < islands; i++) {
    await page.evaluate((index) => {
      const island = document.querySelectorAll('astro-island')[index];
      island?.querySelector('[data-cell]')?.scrollIntoView({ block: 'center' });
    }, i);
    await page.waitForFunction(
      (index) => !document.querySelectorAll('astro-island')[index]?.hasAttribute('ssr'),
      i,
    );
  }
}
