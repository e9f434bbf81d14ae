// The search dialog, loaded by the first open (search-opener.ts): a modal <dialog> with a field,
// a live count and the results, over Pagefind's own search API (`pagefind.js` and its index,
// written by src/lib/post-build/search-index.ts), whose matches search-match.ts sifts and orders.
// No Pagefind UI bundle: this builds plain DOM,
// so a strict Content-Security-Policy (no inline styles or scripts) has nothing to block.
// Its stylesheet by URL, not as an import: Astro would add an imported one to every page's
// render-blocking styles, and only a reader who opens search needs it.
import stylesheet from './search-dialog.css?url';
import { excerptRuns, withoutHeading, type ExcerptRun } from './search-excerpt';
import {
  believedMarks,
  markWords,
  queryWords,
  rankPages,
  type Listing,
  type Page,
} from './search-match';
import { SEARCH_STRINGS, countSentence, type SearchStrings } from './search-strings';

/** What this dialog uses of `pagefind.js` (its types ship with Pagefind's web package only). */
interface Pagefind {
  options(options: {
    baseUrl?: string;
    excerptLength?: number;
    excerptEllipsis?: string;
  }): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(query: string, options?: object, wait?: number): Promise<SearchResults | null>;
}
interface SearchResults {
  readonly results: readonly { readonly score: number; data(): Promise<Page> }[];
}

/** At most this many chapters, and this many headings under each, are listed. */
const MAX_CHAPTERS = 8;
const MAX_HEADINGS = 3;
/** Pagefind's results read to choose them from: every chapter of the notebook, with room. */
const MAX_READ = 30;
const BASE = import.meta.env.BASE_URL.endsWith('/')
  ? import.meta.env.BASE_URL
  : `${import.meta.env.BASE_URL}/`;

// The URL is only known at run time, so Vite must not try to bundle it.
const importAtRunTime = (url: string): Promise<Pagefind> => import(/* @vite-ignore */ url);

let pagefind: Promise<Pagefind> | undefined;

/** Pagefind, loaded once (its script, then its WebAssembly and index as a query needs them). */
function loadPagefind(): Promise<Pagefind> {
  pagefind ??= importAtRunTime(`${BASE}pagefind/pagefind.js`).then(async (loaded) => {
    await loaded.options({ baseUrl: BASE, excerptLength: 24, excerptEllipsis: '…' });
    await loaded.init();
    return loaded;
  });
  // A failed load is not kept: the next query tries again (the connection may be back).
  pagefind.catch(() => (pagefind = undefined));
  return pagefind;
}

let styles: Promise<void> | undefined;

/** The dialog's stylesheet, loaded once; the dialog opens when it has arrived (or failed). */
function loadStyles(): Promise<void> {
  styles ??= new Promise((resolve) => {
    const link = h('link', { rel: 'stylesheet', href: stylesheet });
    // Unstyled is still usable (a native modal dialog), so a failed stylesheet opens it anyway.
    link.addEventListener('load', () => resolve());
    link.addEventListener('error', () => resolve());
    document.head.append(link);
  });
  return styles;
}

/** `tag` with attributes and children: the dialog is built from trusted strings only. */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Runs as DOM: text nodes and `<mark>`s only (search-excerpt.ts keeps an excerpt to text). */
function runNodes(runs: readonly ExcerptRun[]): Node[] {
  return runs.map((run) =>
    run.marked ? h('mark', {}, run.text) : document.createTextNode(run.text),
  );
}

/** An excerpt, marked only where a word stands for a query word, without its heading. */
function excerptNodes(excerpt: string, words: readonly string[], heading?: string): Node[] {
  const runs = believedMarks(excerptRuns(excerpt), words);
  return runNodes(heading === undefined ? runs : withoutHeading(runs, heading));
}

let nextId = 0;

/** One chapter's entry: its title, then the headings where the words are, each with an excerpt. */
function resultItem(listing: Listing, words: readonly string[]): HTMLLIElement {
  const { page, headings, intro } = listing;
  const id = `search-hit-${nextId++}`;
  const title = page.meta.title ?? page.url;
  const item = h('li', { class: 'search-result' });
  const link = h(
    'a',
    { class: 'search-page', href: page.url, 'data-search-hit': '' },
    ...runNodes(markWords(title, words)),
  );
  item.append(link);
  if (headings.length === 0) {
    link.setAttribute('aria-describedby', id);
    const excerpt =
      intro === undefined
        ? excerptNodes(page.excerpt, words)
        : excerptNodes(intro.excerpt, words, title);
    item.append(h('p', { class: 'search-excerpt', id }, ...excerpt));
    return item;
  }
  const list = h('ul', { class: 'search-headings' });
  headings.forEach((sub, i) => {
    const excerptId = `${id}-${i}`;
    list.append(
      h(
        'li',
        {},
        h(
          'a',
          { href: sub.url, 'aria-describedby': excerptId, 'data-search-hit': '' },
          ...runNodes(markWords(sub.title, words)),
        ),
        h(
          'p',
          { class: 'search-excerpt', id: excerptId },
          ...excerptNodes(sub.excerpt, words, sub.title),
        ),
      ),
    );
  });
  item.append(list);
  return item;
}

interface SearchUi {
  readonly dialog: HTMLDialogElement;
  readonly input: HTMLInputElement;
  readonly status: HTMLElement;
  readonly results: HTMLElement;
  readonly strings: SearchStrings;
  /** Where focus goes when the dialog closes without following a result. */
  returnTo: HTMLElement | null;
  /** Bumped by each query, so a slow answer to an older one is dropped. */
  query: number;
}

let ui: SearchUi | undefined;

/** Search for what the field holds and list the chapters that match. */
async function runQuery(search: SearchUi): Promise<void> {
  const query = search.input.value.trim();
  const current = ++search.query;
  if (query === '') {
    search.results.replaceChildren();
    search.status.textContent = search.strings.prompt;
    return;
  }
  if (import.meta.env.DEV) {
    search.status.textContent = search.strings.devOnly;
    return;
  }
  let listings: Listing[];
  try {
    const found = await (await loadPagefind()).debouncedSearch(query, {}, 120);
    if (found === null) return; // a newer query replaced this one while it waited
    const pages = await Promise.all(
      found.results.slice(0, MAX_READ).map(async (r) => ({ score: r.score, page: await r.data() })),
    );
    listings = rankPages(pages, query, MAX_HEADINGS);
  } catch {
    if (current === search.query) search.status.textContent = search.strings.failed;
    return;
  }
  if (current !== search.query) return;
  const words = queryWords(query);
  search.results.replaceChildren(
    ...listings.slice(0, MAX_CHAPTERS).map((listing) => resultItem(listing, words)),
  );
  search.status.textContent = countSentence(search.strings, listings.length, query);
}

/** Arrow keys walk from the field through the results and back; Enter in the field opens the first; Escape closes. */
function onKeydown(search: SearchUi, event: KeyboardEvent): void {
  const stops = [
    search.input,
    ...search.results.querySelectorAll<HTMLElement>('[data-search-hit]'),
  ];
  const at = stops.indexOf(document.activeElement as HTMLElement);
  // Escape closes at once, as the hint says: a search field's own Escape would only empty it
  // first (an input method's Escape, cancelling what it composes, is left alone).
  if (event.key === 'Escape' && !event.isComposing) {
    event.preventDefault();
    search.dialog.close();
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (at === -1 || stops.length === 1) return;
    event.preventDefault();
    const step = event.key === 'ArrowDown' ? 1 : -1;
    stops[(at + step + stops.length) % stops.length]?.focus();
  } else if (event.key === 'Enter' && at === 0) {
    event.preventDefault();
    stops[1]?.click();
  }
}

/** The dialog, made once per page on the first open. */
function buildUi(locale: string): SearchUi {
  const strings = SEARCH_STRINGS[locale === 'zh' ? 'zh' : 'en'];
  const input = h('input', {
    id: 'search-field',
    type: 'search',
    autocomplete: 'off',
    spellcheck: 'false',
    enterkeyhint: 'go',
  });
  const status = h('p', { class: 'search-status', role: 'status', 'data-search-status': '' });
  const results = h('ul', { class: 'search-results', 'data-search-results': '' });
  const close = h('button', { class: 'search-close', type: 'button', 'aria-label': strings.close });
  // “Esc” names the key where there is one; a touch screen gets a cross (search-dialog.css).
  close.append(
    h('span', { class: 'search-close-key', 'aria-hidden': 'true' }, 'Esc'),
    h('span', { class: 'search-close-cross', 'aria-hidden': 'true' }, '✕'),
  );
  const dialog = h(
    'dialog',
    { class: 'search-dialog', 'aria-labelledby': 'search-title', 'data-search-dialog': '' },
    h(
      'div',
      { class: 'search-panel' },
      h('div', { class: 'search-head' }, h('h2', { id: 'search-title' }, strings.title), close),
      h(
        'div',
        { class: 'search-form', role: 'search' },
        h('label', { for: 'search-field', class: 'sr-only' }, strings.field),
        input,
      ),
      status,
      results,
      h('p', { class: 'search-keys', 'aria-hidden': 'true' }, strings.keys),
    ),
  );
  const search: SearchUi = { dialog, input, status, results, strings, returnTo: null, query: 0 };
  input.addEventListener('input', () => void runQuery(search));
  dialog.addEventListener('keydown', (event) => onKeydown(search, event));
  close.addEventListener('click', () => dialog.close());
  // A click on the backdrop (the dialog box itself, outside its panel) closes it.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
    // Following a result: the new page (or this page's heading) gets the focus, not the button.
    // A result opened in another tab or window (a modifier held) leaves search open here.
    const elsewhere = event.ctrlKey || event.metaKey || event.shiftKey || event.altKey;
    if (
      !elsewhere &&
      event.target instanceof Element &&
      event.target.closest('[data-search-hit]')
    ) {
      search.returnTo = null;
      dialog.close();
    }
  });
  dialog.addEventListener('close', () => {
    search.returnTo?.focus();
    search.returnTo = null;
  });
  document.body.append(dialog);
  return search;
}

/** Open search (building it on first use) and start loading Pagefind while the reader types. */
export async function openSearchDialog(button: HTMLElement, returnTo: HTMLElement): Promise<void> {
  await loadStyles();
  ui ??= buildUi(button.dataset['searchLocale'] ?? 'en');
  const search = ui;
  if (!search.dialog.open) {
    search.returnTo = returnTo;
    search.dialog.showModal();
  }
  search.input.focus();
  search.input.select();
  if (import.meta.env.DEV) {
    search.status.textContent = search.strings.devOnly;
    return;
  }
  if (search.input.value.trim() === '') search.status.textContent = search.strings.loading;
  loadPagefind().then(
    () => void runQuery(search),
    () => (search.status.textContent = search.strings.failed),
  );
}
