// Which locale a content file is written in, read from its folder (content/<locale>/…).
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n';

/** Markdown plugins see only a file path; the folder above the file names its language. */
export function localeOfFile(path: string | undefined): Locale {
  const folder = path?.split(/[\\/]/).slice(-2, -1)[0];
  return folder !== undefined && isLocale(folder) ? folder : DEFAULT_LOCALE;
}
