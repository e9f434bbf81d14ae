import { describe, expect, it } from 'vitest';
import { timed } from './timed';

describe('timed', () => {
  it('returns the result and leaves a named performance measure', () => {
    performance.clearMeasures('recompute:test-widget');
    expect(timed('test-widget', () => 6 * 7)).toBe(42);
    const entries = performance.getEntriesByName('recompute:test-widget');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.duration).toBeGreaterThanOrEqual(0);
  });
});
