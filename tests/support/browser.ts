// Launch the system Chromium through playwright-core: CHROME_PATH first, else `chromium` on PATH.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
  return chromium.launch({
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
}
