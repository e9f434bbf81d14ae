// Waiting for a built page's cells the way a reader meets them: scrolled into view, hydrated.
import type { Page } from 'playwright-core';

/**
 * Scroll each cell into view in turn (client:visible) and wait for its island to hydrate; a
 * `client:interaction` cell is also touched, as a reader reaching for it would (focus moving in).
 */
export async function hydrated(page: Page): Promise<void> {
  const islands = await page.locator('astro-island').count();
  for (let i = 0; i < islands; i++) {
    await page.evaluate((index) => {
      const island = document.querySelectorAll('astro-island')[index];
      const cell = island?.querySelector('[data-cell]');
      cell?.scrollIntoView({ block: 'center' });
      if (island?.getAttribute('client') === 'interaction') {
        cell?.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
      }
    }, i);
    await page.waitForFunction(
      (index) => !document.querySelectorAll('astro-island')[index]?.hasAttribute('ssr'),
      i,
    );
  }
}
