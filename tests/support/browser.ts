// Launch the system Chromium through playwright-core: CHROME_PATH first, else `chromium` on PATH.
// Every context it opens reports Content-Security-Policy violations as console errors, so every
// test that collects console errors (and expects none) also sees the policy blocking something,
// and blocks service workers unless the test allows them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** How a CSP violation's console error starts, for tests that look for one. */
export const CSP_VIOLATION = 'Content-Security-Policy violation:';

/**
 * Runs in every frame before the page's own scripts: a violation event becomes one console error
 * naming the directive, what was blocked and where (Chromium's own "Refused to …" / "violates the
 * following Content Security Policy directive" message arrives as a console error as well).
 */
function reportViolations(prefix: string): void {
  document.addEventListener('securitypolicyviolation', (event) => {
    const where = event.sourceFile === '' ? '' : ` at ${event.sourceFile}:${event.lineNumber}`;
    const sample = event.sample === '' ? '' : ` (${event.sample})`;
    console.error(
      `${prefix} ${event.effectiveDirective} blocked ${event.blockedURI || 'an inline script or style'}${where}${sample}`,
    );
  });
}

const INSTALL_HINT =
  'No Chromium found. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROME_PATH to a Chromium or Chrome binary.';

/** Find the browser binary the tests drive, or explain how to get one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['CHROME_PATH'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(fromEnv))
      throw new Error(`CHROME_PATH points to ${fromEnv}, which does not exist. ${INSTALL_HINT}`);
    return fromEnv;
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8', env }).trim();
      if (found !== '') return found;
    } catch {
      // not on PATH: try the next name
    }
  }
  throw new Error(INSTALL_HINT);
}

/** Start headless Chromium with the flags a closed network and a root user need. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // browser.newPage opens its context through newContext too, so this covers both. Service
  // workers are blocked unless a test asks for them (the offline tests do): a worker would start
  // precaching the whole notebook on every page a test opens, and requests it answers never reach
  // page.route, which the tests use to fail or rewrite a request.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext({ serviceWorkers: 'block', ...options });
    await context.addInitScript(reportViolations, CSP_VIOLATION);
    return context;
  };
  return browser;
}
