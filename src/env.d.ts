// What a page render shares with the components inside it.
declare namespace App {
  interface Locals {
    /** The chapter file being rendered (e.g. "content/en/entropy-and-kl.mdx"), for build errors. */
    chapterFile?: string | undefined;
  }
}
