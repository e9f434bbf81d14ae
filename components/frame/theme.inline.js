// The theme script (ThemeScript.astro inlines it, minified, in <head>).
(() => {
  const KEY = 'cen-theme';
  const root = document.documentElement;
  const system = matchMedia('(prefers-color-scheme: dark)');
  const saved = () => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null; // storage blocked: follow the system
    }
  };
  const apply = (theme) => {
    root.dataset.theme = theme;
    for (const button of document.querySelectorAll('[data-theme-toggle]')) {
      button.setAttribute('aria-pressed', String(theme === 'dark'));
    }
  };
  const choice = saved();
  apply(choice === 'dark' || choice === 'light' ? choice : system.matches ? 'dark' : 'light');
  document.addEventListener('DOMContentLoaded', () => apply(root.dataset.theme));
  document.addEventListener('click', (event) => {
    if (!(event.target instanceof Element) || !event.target.closest('[data-theme-toggle]')) return;
    const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
    apply(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // storage blocked: the choice lasts for this page only
    }
  });
  system.addEventListener('change', (event) => {
    if (saved() === null) apply(event.matches ? 'dark' : 'light');
  });
})();
