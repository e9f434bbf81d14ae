// The contents script (TableOfContents.astro inlines it, minified): marks the section being read.
(() => {
  const links = [...document.querySelectorAll('[data-toc] a')];
  if (links.length === 0) return;
  const targets = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
  let queued = false;
  const mark = () => {
    queued = false;
    // A heading counts as read once it passes a third of the way up the window; at
    // the foot of the page, once it is in the window at all (the last sections are short).
    const atFoot = innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
    const line = atFoot ? innerHeight : innerHeight / 3;
    let current = -1;
    targets.forEach((t, i) => {
      if (t && t.getBoundingClientRect().top <= line) current = i;
    });
    links.forEach((a, i) => {
      if (i === current) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    });
  };
  const queue = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(mark);
  };
  addEventListener('scroll', queue, { passive: true });
  addEventListener('resize', queue);
  addEventListener('hashchange', queue);
  // The first mark waits for a frame too: run now, it would force a layout of the whole page
  // while the page is still loading (140 ms on the gradient chapter, 4× that on a phone).
  queue();
})();
