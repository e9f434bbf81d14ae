// Building the site from another content folder (a fixture), as the site tests do.
import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

/**
 * Build the site from `content` into `out` and return the exit status and plain-text output;
 * `extraEnv` sets build-time variables such as EDIT_BASE_URL.
 */
export function buildWith(
  content: string,
  out: string,
  extraEnv: Readonly<Record<string, string>> = {},
): { status: number | null; output: string } {
  // Ask for plain text. Some colour libraries treat any FORCE_COLOR as "on", so it is
  // dropped rather than set to 0, and the output is stripped anyway in case CI insists.
  const env = { ...process.env };
  delete env['FORCE_COLOR'];
  const result = spawnSync('npx', ['astro', 'build'], {
    encoding: 'utf8',
    env: {
      ...env,
      NO_COLOR: '1',
      NOTEBOOK_CONTENT: content,
      SITE_OUT: out,
      ASTRO_TELEMETRY_DISABLED: '1',
      ...extraEnv,
    },
    timeout: 120_000,
  });
  const output = stripVTControlCharacters(`${result.stdout}\n${result.stderr}`);
  return { status: result.status, output };
}
