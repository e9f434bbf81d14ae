// What a page render shares with the components inside it.
declare namespace App {
  interface Locals {
    /** The chapter file being rendered (e.g. "content/en/entropy-and-kl.mdx"), for build errors. */
    chapterFile?: string | undefined;
  }
}

// The notebook's own hydration directive (components/frame/interaction-directive.ts).
declare namespace Astro {
  interface ClientDirectives {
    'client:interaction'?: boolean;
  }
}
