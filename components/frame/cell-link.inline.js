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
})();
