import { beforeEach, describe, expect, it } from 'vitest';
import { MEASURE_LIMIT, timed } from './timed';

const NAME = 'recompute:test-widget';

beforeEach(() => performance.clearMeasures());

describe('timed', () => {
  it('returns the result and leaves a named performance measure', () => {
    expect(timed('test-widget', () => 6 * 7)).toBe(42);
    const entries = performance.getEntriesByName(NAME);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.duration).toBeGreaterThanOrEqual(0);
  });

  it('keeps at most MEASURE_LIMIT measures per widget however often it recomputes', () => {
    const counts: number[] = [];
    for (let i = 0; i < 3 * MEASURE_LIMIT + 7; i++) {
      timed('test-widget', () => i);
      counts.push(performance.getEntriesByName(NAME).length);
    }
    expect(Math.max(...counts)).toBe(MEASURE_LIMIT);
    // After a clear the newest recompute is measured again, so a reader of the timeline
    // always finds the latest one.
    expect(counts.at(-1)).toBe(7);
    expect(counts.every((c) => c >= 1)).toBe(true);
  });

  it('clears only its own widget’s measures', () => {
    timed('other-widget', () => 0);
    for (let i = 0; i <= MEASURE_LIMIT; i++) timed('test-widget', () => i);
    expect(performance.getEntriesByName('recompute:other-widget')).toHaveLength(1);
  });
});
