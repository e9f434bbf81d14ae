// Test helpers for cells shared by link (url-state.ts): a round trip through a fresh cell, a
// refused link that changes nothing, and hostile links fed by fast-check. Used only by tests.
import fc from 'fast-check';
import { expect } from 'vitest';
import { StateReader, type StateParams } from './state-link';
import type { ShareableState } from './url-state';

/** A test timeout for the properties below: ample on a machine busy with other builds and tests. */
export const PROPERTY_TIMEOUT = 60_000;

/** A link's params from a plain record. */
export function paramsOf(state: Readonly<Record<string, string>>): StateParams {
  return new Map(Object.entries(state));
}

/** Restore a link's params as Cell.svelte does: the keys the cell shares are the keys it reads. */
export function restoreLink(
  state: ShareableState,
  params: StateParams | Readonly<Record<string, string>>,
): string | null {
  const map = params instanceof Map ? params : paramsOf(params as Record<string, string>);
  return state.restoreState(new StateReader(map, Object.keys(state.shareState())));
}

/**
 * `changed`'s shared state, restored into `fresh()` (a new cell with the same props), must be
 * accepted and give the same shared state and the same `outputs` (what the cell computes).
 */
export function expectRoundTrip<S extends ShareableState>(
  changed: S,
  fresh: () => S,
  outputs: (state: S) => unknown,
): void {
  const shared = changed.shareState();
  const restored = fresh();
  expect(restoreLink(restored, shared)).toBeNull();
  expect(restored.shareState()).toEqual(shared);
  expect(outputs(restored)).toEqual(outputs(changed));
}

/** `params` must be refused with exactly `message` (a string) or a matching one, changing nothing. */
export function expectRefused(
  state: ShareableState,
  params: Readonly<Record<string, string>>,
  message: string | RegExp,
): void {
  const before = state.shareState();
  const result = restoreLink(state, params);
  if (typeof message === 'string') expect(result).toBe(message);
  else expect(result).toMatch(message);
  expect(state.shareState()).toEqual(before);
}

/** Text a hostile or careless link might hold where a cell expects numbers or words. */
function hostileText(words: readonly string[]): fc.Arbitrary<string> {
  const numberText = fc.oneof(
    fc.integer({ min: -20, max: 20 }).map(String),
    fc.double().map(String),
    fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '1e-400', '0x10', ''),
    fc.constantFrom(' 1', '1 ', '+1', '−1', '1.', '.5', '5e-324', '1e308', '0,5', '1_000'),
  );
  const list = fc
    .array(numberText, { minLength: 0, maxLength: 10 })
    .map((parts) => parts.join(','));
  const smallList = fc
    .array(fc.integer({ min: -2, max: 9 }), { minLength: 1, maxLength: 10 })
    .map((parts) => parts.join(','));
  return fc.oneof(
    numberText,
    list,
    smallList,
    fc.constantFrom(...words, ...words.map((w) => w.toUpperCase()), 'true', 'null', 'undefined'),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
}

/** The options of {@link expectHostileLinksHarmless}. */
export interface HostileOptions<S> {
  /** The keys the cell reads: hostile maps draw from these and from random ones. */
  readonly keys: readonly string[];
  /** Words the cell accepts for some key (modes, units), to get past the first checks. */
  readonly words?: readonly string[];
  /** What the cell computes, read after every restore so its derived state is exercised too. */
  readonly outputs?: (state: S) => unknown;
  readonly numRuns?: number;
}

/**
 * Feed `makeState()` hostile links: random maps over the cell's keys and random keys, and its
 * own valid state with one key changed, dropped or added. restoreState must never throw and
 * return a string or null; with a string, shareState() is unchanged; with null, the cell still
 * computes and its new shared state restores into a fresh cell unchanged.
 */
export function expectHostileLinksHarmless<S extends ShareableState>(
  makeState: () => S,
  options: HostileOptions<S>,
): void {
  const { keys, words = [], outputs = () => undefined, numRuns = 200 } = options;
  const value = hostileText(words);
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...keys) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
  const randomMap = fc
    .array(fc.tuple(key, value), { maxLength: keys.length + 2 })
    .map((pairs) => new Map(pairs));
  const valid = makeState().shareState();
  const mutated = fc
    .tuple(key, fc.option(value, { nil: undefined }), fc.constantFrom(...keys))
    .map(([changed, text, dropped]) => {
      const params = new Map(Object.entries(valid));
      if (text === undefined) params.delete(dropped);
      else params.set(changed, text);
      return params;
    });
  fc.assert(
    fc.property(fc.oneof(randomMap, mutated), (params) => {
      const state = makeState();
      const before = state.shareState();
      let result: unknown;
      expect(() => (result = restoreLink(state, params))).not.toThrow();
      expect(result === null || typeof result === 'string').toBe(true);
      if (result === null) {
        expect(() => outputs(state)).not.toThrow();
        const after = state.shareState();
        const again = makeState();
        expect(restoreLink(again, after)).toBeNull();
        expect(again.shareState()).toEqual(after);
      } else {
        expect(result).not.toBe('');
        expect(state.shareState()).toEqual(before);
      }
    }),
    { numRuns },
  );
}

/**
 * Every link `links` generates (valid by construction: any values within the cell's limits) must
 * be accepted, and the state it gives must round-trip through a fresh cell unchanged.
 */
export function expectValidLinksAccepted<S extends ShareableState>(
  makeState: () => S,
  links: fc.Arbitrary<Record<string, string>>,
  outputs: (state: S) => unknown,
  numRuns = 100,
): void {
  fc.assert(
    fc.property(links, (link) => {
      const state = makeState();
      expect(restoreLink(state, link)).toBeNull();
      expectRoundTrip(state, makeState, outputs);
    }),
    { numRuns },
  );
}

/** A number as a link may carry it: any double within [min, max], written as String() writes it. */
export function linkNumber(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}
