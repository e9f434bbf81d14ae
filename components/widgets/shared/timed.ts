// Every widget recompute is wrapped in a performance measure named "recompute:<widget>", so
// the browser tests (and anyone in DevTools) can see what recent recomputes cost. Measures
// are bounded rather than enabled only under test: a widget keeps at most MEASURE_LIMIT of
// them, and on reaching it clears its own (performance.clearMeasures(name)) and starts again,
// so a reader dragging a slider for an hour never grows the performance timeline.

/** The most measures one widget holds before it clears them. */
export const MEASURE_LIMIT = 100;

/** Run a recompute under a bounded performance measure; the result passes straight through. */
export function timed<T>(widget: string, compute: () => T): T {
  const name = `recompute:${widget}`;
  const start = performance.now();
  const result = compute();
  if (performance.getEntriesByName(name, 'measure').length >= MEASURE_LIMIT) {
    performance.clearMeasures(name);
  }
  performance.measure(name, { start, end: performance.now() });
  return result;
}
