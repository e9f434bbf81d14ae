// `client:interaction` (components/frame/interaction-directive.ts) on the built site: the training
// race renders its first state without loading any of its code, and the reader's first click or
// first typing reaches the cell once it has loaded, as if it had been there all along.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession } from '../support/browser-session';

const session = browserSession();
const PAGE = '/cross-entropy-vs-mse/';
const RACE = 'astro-island[client="interaction"]:has(#cell-training-race)';

/** The chapter, scrolled to the race, with every script the page requested recorded. */
async function openAtRace(): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 800 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  // A slow network: the cell's code arrives well after the reader's first click or keystroke.
  await page.route('**/*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await page.goto(new URL(PAGE, session.site.url).href);
  await page.locator(`${RACE} [data-cell]`).scrollIntoViewIfNeeded();
  return { page, requests, errors };
}

const isHydrated = (page: Page) =>
  page.locator(RACE).evaluate((island) => !island.hasAttribute('ssr'));

describe('a cell that hydrates on interaction', () => {
  it('shows its built first state in view without loading its code', async () => {
    const { page, requests, errors } = await openAtRace();
    const component = await page.locator(RACE).getAttribute('component-url');
    await page.waitForTimeout(800);
    expect(await isHydrated(page)).toBe(false);
    expect(requests).not.toContain(component);
    expect(await page.locator(`${RACE} [data-race-step]`).textContent()).toBe('0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('acts on the first click, made before its code had loaded', async () => {
    const { page, errors } = await openAtRace();
    await page.locator(`${RACE} [data-step]`).click();
    await page.waitForFunction(
      (race) => document.querySelector(`${race} [data-race-step]`)?.textContent === '1',
      RACE,
    );
    expect(await isHydrated(page)).toBe(true);
    // The held click is replayed once, not twice.
    await page.waitForTimeout(300);
    expect(await page.locator(`${RACE} [data-race-step]`).textContent()).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps what the reader typed before its code had loaded', async () => {
    const { page, errors } = await openAtRace();
    const field = page.locator(`${RACE} input[type="text"]`).last();
    const before = await field.inputValue();
    const typed = before === '0.25' ? '0.5' : '0.25';
    await field.fill(typed);
    await page.waitForFunction((race) => !document.querySelector(race)?.hasAttribute('ssr'), RACE);
    await expect.poll(() => field.inputValue()).toBe(typed);
    await expect
      .poll(() => page.locator(`${RACE} [data-cell-program]`).textContent())
      .toContain(typed);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hands over a choice made before its code had loaded', async () => {
    const { page, errors } = await openAtRace();
    const before = await page.locator(`${RACE} [data-cell-program]`).textContent();
    const radio = page.locator(`${RACE} input[type="radio"][value="confidently-wrong"]`);
    await radio.click();
    await page.waitForFunction((race) => !document.querySelector(race)?.hasAttribute('ssr'), RACE);
    await expect.poll(() => radio.isChecked()).toBe(true);
    await expect
      .poll(() => page.locator(`${RACE} [data-cell-program]`).textContent())
      .not.toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps working as built when its code fails to load, and loads it on the next touch', async () => {
    const { page } = await openAtRace();
    const component = (await page.locator(RACE).getAttribute('component-url')) ?? '';
    let failing = true;
    await page.route(`**${component}`, (route) => (failing ? route.abort() : route.continue()));
    await page.locator(`${RACE} [data-step]`).click();
    await page.waitForTimeout(1000);
    expect(await isHydrated(page)).toBe(false);
    // The built page's own behaviour is back: the table view opens without the cell's code.
    await page.locator(`${RACE} summary`).click();
    expect(await page.locator(`${RACE} details`).getAttribute('open')).toBe('');
    failing = false;
    await page.locator(`${RACE} [data-step]`).click();
    await page.waitForFunction(
      (race) => document.querySelector(`${race} [data-race-step]`)?.textContent === '1',
      RACE,
    );
    await page.close();
  });

  it('hydrates for a link to its state, and answers it', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(`${new URL(PAGE, session.site.url).href}#cell/training-race?zzz=1`);
    await page.waitForFunction(
      (race) =>
        document
          .querySelector(`${race} [data-cell-link-note]`)
          ?.textContent.startsWith("The link's state was not applied") === true,
      RACE,
    );
    expect(await isHydrated(page)).toBe(true);
    await page.close();
  });
});
