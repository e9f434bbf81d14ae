// The cell-link script (CellLinkScript.astro inlines it, minified): scrolls a linked cell into view.
(() => {
  const show = () => {
    const match = /^#cell\/([a-z][a-z0-9-]{0,47})(?:\?|$)/.exec(location.hash);
    if (match) document.getElementById(`cell-${match[1]}`)?.scrollIntoView({ block: 'start' });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
  addEventListener('hashchange', show);
})();
