// The only search code a page loads before the reader asks for search: the header button and
// the `/` shortcut. Everything else (the dialog, Pagefind, its WebAssembly and index) is loaded
// by the first open, so a reader who never searches pays for none of it.
import { isSearchShortcut, type ElementFacts } from './search-shortcut';

/** The element a key went to and its ancestors, nearest first, as search-shortcut.ts reads them. */
function chainOf(target: EventTarget | null): ElementFacts[] {
  const chain: ElementFacts[] = [];
  for (let at = target instanceof Element ? target : null; at !== null; at = at.parentElement) {
    const attributes: Record<string, string> = {};
    for (const { name, value } of at.attributes) attributes[name] = value;
    chain.push({ localName: at.localName, attributes });
  }
  return chain;
}

let dialog: Promise<typeof import('./search-dialog')> | undefined;

/** Load the dialog (once) and open it; focus goes back to `returnTo` when it closes. */
function openSearch(button: HTMLElement, returnTo: Element | null): void {
  dialog ??= import('./search-dialog');
  dialog.then(
    (module) =>
      module.openSearchDialog(button, returnTo instanceof HTMLElement ? returnTo : button),
    () => {
      // Its code could not be fetched (offline, or a newer build replaced it): say so, and let
      // the next press try again.
      dialog = undefined;
      button.dataset['searchFailed'] = '';
      button.title = button.dataset['searchFailedText'] ?? '';
    },
  );
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element && event.target.closest('[data-search-open]');
  if (button instanceof HTMLElement) openSearch(button, button);
});

document.addEventListener('keydown', (event) => {
  const button = document.querySelector<HTMLElement>('[data-search-open]');
  // Most keys are not `/`: only that one is worth reading the focused element's ancestors for.
  if (button === null || event.key !== '/') return;
  if (!isSearchShortcut(event, chainOf(event.target))) return;
  event.preventDefault();
  openSearch(button, document.activeElement);
});
