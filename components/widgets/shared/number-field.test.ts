import { describe, expect, it } from 'vitest';
import { parseNumberField } from './number-field';

describe('parseNumberField', () => {
  const rules = { name: 'logit o₁' };
  const message = (text: string) => {
    const parsed = parseNumberField(text, rules);
    return parsed.ok ? `read as ${parsed.value}` : parsed.message;
  };

  it('reads ordinary, signed, Unicode-minus, leading-point and exponent forms', () => {
    expect(parseNumberField(' 2.5 ', rules)).toEqual({ ok: true, value: 2.5 });
    expect(parseNumberField('+2', rules)).toEqual({ ok: true, value: 2 });
    expect(parseNumberField('−3', rules)).toEqual({ ok: true, value: -3 });
    expect(parseNumberField('1e−3', rules)).toEqual({ ok: true, value: 0.001 });
    expect(parseNumberField('1E3', rules)).toEqual({ ok: true, value: 1000 });
    expect(parseNumberField('.5', rules)).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberField('7.', rules)).toEqual({ ok: true, value: 7 });
  });

  it('reads the extremes of float64 and a typed zero in any spelling', () => {
    expect(parseNumberField('-1.7e308', rules)).toEqual({ ok: true, value: -1.7e308 });
    expect(parseNumberField('5e-324', rules)).toEqual({ ok: true, value: 5e-324 });
    expect(parseNumberField('0e-400', rules)).toEqual({ ok: true, value: 0 });
    expect(parseNumberField('0.000e5', rules)).toEqual({ ok: true, value: 0 });
  });

  it('explains an empty field by its name', () => {
    expect(message('')).toBe('logit o₁ is empty: type a number.');
    expect(message('   ')).toBe('logit o₁ is empty: type a number.');
  });

  it('refuses a decimal comma or a thousands separator instead of guessing', () => {
    const hint =
      'has a comma: write numbers with a decimal point and no thousands separator, e.g. 1000 or 0.5.';
    expect(message('1,000')).toBe(`logit o₁: “1,000” ${hint}`);
    expect(message('0,5')).toBe(`logit o₁: “0,5” ${hint}`);
    expect(message('1,000.5')).toBe(`logit o₁: “1,000.5” ${hint}`);
  });

  it('quotes text that is not a decimal number', () => {
    for (const text of ['abc', '2x', '4e', '0x10', 'Infinity', 'NaN', '1.2.3', '--1', '1 000']) {
      expect(message(text)).toBe(`logit o₁: “${text}” is not a number.`);
    }
  });

  it('says a number beyond float64 is too far out, whatever its sign', () => {
    expect(message('1e999')).toBe('logit o₁: “1e999” is beyond the largest float64 (±1.8e308).');
    expect(message('-1e309')).toBe('logit o₁: “-1e309” is beyond the largest float64 (±1.8e308).');
    expect(message('−1e309')).toBe('logit o₁: “−1e309” is beyond the largest float64 (±1.8e308).');
  });

  it('says a nonzero number below the smallest float64 would become 0', () => {
    expect(message('1e-400')).toBe(
      'logit o₁: “1e-400” is closer to 0 than the smallest float64 (5e-324): type 0 if you mean 0.',
    );
    expect(message('-2e-324')).toBe(
      'logit o₁: “-2e-324” is closer to 0 than the smallest float64 (5e-324): type 0 if you mean 0.',
    );
  });

  it('enforces bounds when given, naming the field', () => {
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
    expect(parseNumberField('0', bounded)).toEqual({ ok: true, value: 0 });
  });

  it('takes whole numbers only when asked, in any spelling, after the bounds', () => {
    const index = { name: 'class k', min: 0, max: 3, integer: true };
    expect(parseNumberField('1.5', index)).toEqual({
      ok: false,
      message: 'class k must be a whole number, got 1.5.',
    });
    expect(parseNumberField('4.5', index)).toEqual({
      ok: false,
      message: 'class k must be at most 3, got 4.5.',
    });
    expect(parseNumberField('2.0', index)).toEqual({ ok: true, value: 2 });
    expect(parseNumberField('3e0', index)).toEqual({ ok: true, value: 3 });
    expect(parseNumberField('1.5', { name: 'x' })).toEqual({ ok: true, value: 1.5 });
  });
});
