// The cell-link script (CellLinkScript.astro inlines it, minified): scrolls a linked cell into view.
(() => {
  const show = () => {
    // The same pattern as CELL_LINK in components/widgets/shared/url-state.ts (a test compares).
    const match = /^#cell\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:\?|$)/.exec(location.hash);
    if (match) document.getElementById(`cell-${match[1]}`)?.scrollIntoView({ block: 'start' });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
  addEventListener('hashchange', show);
  // "Edit and run" (components/ui/Cell.svelte) pressed before its client:visible cell has
  // hydrated would do nothing: the click is replayed on the same button once the island has
  // hydrated (client:interaction cells hold their own clicks: interaction-directive.ts). A second
  // early click replays too, and finds the editor already open.
  document.addEventListener(
    'click',
    (event) => {
      const button = event.target.closest?.('[data-cell-edit]');
      button
        ?.closest('astro-island[ssr]:not([client=interaction])')
        ?.addEventListener('astro:hydrate', () => button.click(), { once: true });
    },
    true,
  );
})();
