// "Edit this page": each chapter links to its source file in the repository when the build is
// given EDIT_BASE_URL (e.g. https://github.com/<owner>/<repo>/edit/main/), and shows no link
// when it is not, so a fork or a local build never points readers at someone else's repository.

/** Read the edit base URL from its variable, failing the build on a value that cannot work. */
export function editBaseUrl(
  value: string | undefined,
  variable = 'EDIT_BASE_URL',
): string | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Error(
      `${variable} must be an http(s) URL ending with "/", got "${trimmed}". Fix: set it to e.g. https://github.com/<owner>/<repo>/edit/main/ or leave it unset to hide the "edit this page" links`,
    );
  }
  if (!['http:', 'https:'].includes(url.protocol) || !trimmed.endsWith('/')) {
    throw new Error(
      `${variable} must be an http(s) URL ending with "/", got "${trimmed}". Fix: ${
        trimmed.endsWith('/') ? 'use an http:// or https:// address' : `add the slash: ${trimmed}/`
      } (or leave it unset to hide the "edit this page" links)`,
    );
  }
  return trimmed;
}

/** The address that edits one chapter: the base joined with its path in the repository. */
export function editUrl(base: string, filePath: string): string {
  const path = filePath
    .split('\\')
    .join('/')
    .replace(/^\.?\//, '');
  return new URL(path.split('/').map(encodeURIComponent).join('/'), base).href;
}
