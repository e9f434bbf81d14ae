// The only search code a page loads before the reader asks for search: the header button and
// the `/` shortcut. Everything else (the dialog, Pagefind, its WebAssembly and index) is loaded
// by the first open, so a reader who never searches pays for none of it.

/** Where typing `/` means the character, not "search": fields, editors, anything editable. */
const TYPING =
  'input, textarea, select, [contenteditable]:not([contenteditable="false"]), [role="textbox"], .cm-editor';

/** Whether a `/` key press should open search rather than type or do something else. */
export function isSearchShortcut(event: KeyboardEvent): boolean {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return false;
  if (event.defaultPrevented || event.isComposing) return false;
  const target = event.target;
  if (!(target instanceof Element)) return true;
  return !(target instanceof HTMLElement && target.isContentEditable) && !target.closest(TYPING);
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
  if (button === null || !isSearchShortcut(event)) return;
  event.preventDefault();
  openSearch(button, document.activeElement);
});
