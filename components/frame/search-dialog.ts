// The search dialog, loaded by the first open (search-opener.ts): a modal <dialog> with a field,
// a live count and the results, over Pagefind's own search API (`pagefind.js` and its index,
// written by src/lib/post-build/search-index.ts). No Pagefind UI bundle: this builds plain DOM,
// so a strict Content-Security-Policy (no inline styles or scripts) has nothing to block.
// Its stylesheet by URL, not as an import: Astro would add an imported one to every page's
// render-blocking styles, and only a reader who opens search needs it.
import stylesheet from './search-dialog.css?url';
import { excerptRuns } from './search-excerpt';
import { SEARCH_STRINGS, countSentence, type SearchStrings } from './search-strings';

/** What this dialog uses of `pagefind.js` (its types ship with Pagefind's web package only). */
interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(query: string, options?: object, wait?: number): Promise<SearchResults | null>;
}
interface SearchResults {
  readonly results: readonly { data(): Promise<Fragment> }[];
}
interface Location {
  readonly balanced_score: number;
}
interface SubResult {
  readonly title: string;
  readonly url: string;
  readonly excerpt: string;
  readonly weighted_locations: readonly Location[];
  /** Absent for the text before the first heading with an id. */
  readonly anchor?: { readonly element: string; readonly id: string };
}
export interface Fragment {
  readonly url: string;
  readonly excerpt: string;
  readonly meta: { readonly title?: string };
  readonly sub_results: readonly SubResult[];
}

/** At most this many chapters, and this many headings under each, are listed. */
const MAX_CHAPTERS = 8;
const MAX_HEADINGS = 3;
const BASE = import.meta.env.BASE_URL.endsWith('/')
  ? import.meta.env.BASE_URL
  : `${import.meta.env.BASE_URL}/`;

// The URL is only known at run time, so Vite must not try to bundle it.
const importAtRunTime = (url: string): Promise<Pagefind> => import(/* @vite-ignore */ url);

let pagefind: Promise<Pagefind> | undefined;

/** Pagefind, loaded once (its script, then its WebAssembly and index as a query needs them). */
function loadPagefind(): Promise<Pagefind> {
  pagefind ??= importAtRunTime(`${BASE}pagefind/pagefind.js`).then(async (loaded) => {
    await loaded.options({ baseUrl: BASE, excerptLength: 24 });
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

/** An excerpt as DOM: text nodes and `<mark>`s only (search-excerpt.ts keeps it to text). */
function excerptNodes(excerpt: string): Node[] {
  return excerptRuns(excerpt).map((run) =>
    run.marked ? h('mark', {}, run.text) : document.createTextNode(run.text),
  );
}

/** The headings under which a chapter matches best, in the order the chapter has them. */
function bestHeadings(fragment: Fragment): SubResult[] {
  const headings = fragment.sub_results.filter((sub) => sub.anchor !== undefined);
  const score = (sub: SubResult) =>
    sub.weighted_locations.reduce((s, l) => s + l.balanced_score, 0);
  const best = new Set([...headings].sort((a, b) => score(b) - score(a)).slice(0, MAX_HEADINGS));
  return headings.filter((sub) => best.has(sub));
}

let nextId = 0;

/** One chapter's entry: its title, then the headings where the words are, each with an excerpt. */
function resultItem(fragment: Fragment): HTMLLIElement {
  const id = `search-hit-${nextId++}`;
  const title = fragment.meta.title ?? fragment.url;
  const headings = bestHeadings(fragment);
  const item = h('li', { class: 'search-result' });
  const page = h('a', { class: 'search-page', href: fragment.url, 'data-search-hit': '' }, title);
  item.append(page);
  if (headings.length === 0) {
    page.setAttribute('aria-describedby', id);
    item.append(h('p', { class: 'search-excerpt', id }, ...excerptNodes(fragment.excerpt)));
    return item;
  }
  const list = h('ul', { class: 'search-headings' });
  headings.forEach((sub, i) => {
    const excerptId = `${id}-${i}`;
    list.append(
      h(
        'li',
        {},
        h('a', { href: sub.url, 'aria-describedby': excerptId, 'data-search-hit': '' }, sub.title),
        h('p', { class: 'search-excerpt', id: excerptId }, ...excerptNodes(sub.excerpt)),
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
  let found: SearchResults | null;
  let fragments: Fragment[];
  try {
    found = await (await loadPagefind()).debouncedSearch(query, {}, 120);
    if (found === null) return; // a newer query replaced this one while it waited
    fragments = await Promise.all(found.results.slice(0, MAX_CHAPTERS).map((r) => r.data()));
  } catch {
    if (current === search.query) search.status.textContent = search.strings.failed;
    return;
  }
  if (current !== search.query) return;
  search.results.replaceChildren(...fragments.map(resultItem));
  search.status.textContent = countSentence(search.strings, found.results.length, query);
}

/** Arrow keys walk from the field through the results and back; Enter in the field opens the first. */
function onKeydown(search: SearchUi, event: KeyboardEvent): void {
  const stops = [
    search.input,
    ...search.results.querySelectorAll<HTMLElement>('[data-search-hit]'),
  ];
  const at = stops.indexOf(document.activeElement as HTMLElement);
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
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
  close.append(h('span', { 'aria-hidden': 'true' }, 'Esc'));
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
