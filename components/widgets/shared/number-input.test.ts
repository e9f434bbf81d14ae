import { describe, expect, it } from 'vitest';
import { errorLine, NumberInput } from './number-input.svelte.ts';

describe('NumberInput', () => {
  it('starts valid, showing its value as text', () => {
    const input = new NumberInput({ name: 'logit o₂', value: -1.5 });
    expect(input.text).toBe('-1.5');
    expect(input.value).toBe(-1.5);
    expect(input.error).toBeNull();
  });

  it('takes a valid text as the new value and clears an earlier error', () => {
    const input = new NumberInput({ name: 'logit o₂', value: 1 });
    expect(input.set('oops')).toBe(false);
    expect(input.set(' −2.5 ')).toBe(true);
    expect(input.value).toBe(-2.5);
    expect(input.text).toBe(' −2.5 ');
    expect(input.error).toBeNull();
  });

  it('keeps the reader’s text and the last valid value while the text is bad, saying which', () => {
    const input = new NumberInput({ name: 'logit o₂', value: 1 });
    input.set('3');
    input.set('1,000');
    expect(input.text).toBe('1,000');
    expect(input.value).toBe(3);
    expect(input.error).toBe(
      'logit o₂: “1,000” has a comma: write numbers with a decimal point and no thousands separator, e.g. 1000 or 0.5. Still using 3.',
    );
    input.set('1e-400');
    expect(input.value).toBe(3);
    expect(input.error).toBe(
      'logit o₂: “1e-400” is closer to 0 than the smallest float64 (5e-324): type 0 if you mean 0. Still using 3.',
    );
  });

  it('enforces its bounds', () => {
    const input = new NumberInput({ name: 'target t', min: 0, max: 1, value: 0.5 });
    input.set('1.2');
    expect(input.error).toBe('target t must be at most 1, got 1.2. Still using 0.5.');
    input.set('-0');
    expect(input.error).toBeNull();
    expect(Object.is(input.value, -0)).toBe(true);
  });

  it('takes whole numbers only when asked, keeping the last one', () => {
    const input = new NumberInput({ name: 'seed', min: 0, integer: true, value: 1 });
    expect(input.set('1.5')).toBe(false);
    expect(input.value).toBe(1);
    expect(input.text).toBe('1.5');
    expect(input.error).toBe('seed must be a whole number, got 1.5. Still using 1.');
    expect(input.set('7')).toBe(true);
    expect(input.value).toBe(7);
  });

  it('takes a slider’s value as text, so the field and the slider agree', () => {
    const input = new NumberInput({ name: 'mean μ', value: 0 });
    input.set('abc');
    expect(input.setValue(0.3)).toBe(true);
    expect(input.text).toBe('0.3');
    expect(input.value).toBe(0.3);
    expect(input.error).toBeNull();
  });
});

describe('errorLine', () => {
  it('joins every current problem in order, inputs and other messages alike', () => {
    const a = new NumberInput({ name: 'a', value: 0 });
    const b = new NumberInput({ name: 'b', value: 0 });
    expect(errorLine(a, b, null, undefined)).toBeNull();
    b.set('x');
    a.set('');
    expect(errorLine(a, b, 'The weights are all zero.')).toBe(
      'a is empty: type a number. Still using 0. b: “x” is not a number. Still using 0. The weights are all zero.',
    );
  });
});
