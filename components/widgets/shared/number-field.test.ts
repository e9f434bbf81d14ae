import { describe, expect, it } from 'vitest';
import { parseNumberField } from './number-field';

describe('parseNumberField', () => {
  const rules = { name: 'logit o₁' };

  it('reads ordinary, signed, decimal-comma, Unicode-minus and exponent forms', () => {
    expect(parseNumberField(' 2.5 ', rules)).toEqual({ ok: true, value: 2.5 });
    expect(parseNumberField('−3', rules)).toEqual({ ok: true, value: -3 });
    expect(parseNumberField('0,5', rules)).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberField('1e-3', rules)).toEqual({ ok: true, value: 0.001 });
    expect(parseNumberField('.5', rules)).toEqual({ ok: true, value: 0.5 });
  });

  it('explains empty, non-numeric and infinite input by the field’s name', () => {
    expect(parseNumberField('', rules)).toEqual({
      ok: false,
      message: 'logit o₁ is empty: type a number.',
    });
    expect(parseNumberField('abc', rules)).toEqual({
      ok: false,
      message: 'logit o₁: “abc” is not a number.',
    });
    expect(parseNumberField('0x10', rules)).toEqual({
      ok: false,
      message: 'logit o₁: “0x10” is not a number.',
    });
    expect(parseNumberField('Infinity', rules)).toEqual({
      ok: false,
      message: 'logit o₁: “Infinity” is not a number.',
    });
    expect(parseNumberField('1e999', rules)).toEqual({
      ok: false,
      message: 'logit o₁: 1e999 is too large to be a finite number.',
    });
  });

  it('enforces bounds when given', () => {
    const bounded = { name: 'p', min: 0, max: 1 };
    expect(parseNumberField('-0.1', bounded)).toEqual({
      ok: false,
      message: 'p must be at least 0, got -0.1.',
    });
    expect(parseNumberField('2', bounded)).toEqual({
      ok: false,
      message: 'p must be at most 1, got 2.',
    });
    expect(parseNumberField('1', bounded)).toEqual({ ok: true, value: 1 });
  });
});
