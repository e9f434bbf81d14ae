// Every widget recompute is wrapped in a performance measure named "recompute:<widget>", so
// the browser tests (and anyone in DevTools) can see what one recompute costs.

/** Run a recompute under a performance measure; the result passes straight through. */
export function timed<T>(widget: string, compute: () => T): T {
  const start = performance.now();
  const result = compute();
  performance.measure(`recompute:${widget}`, { start, end: performance.now() });
  return result;
}
