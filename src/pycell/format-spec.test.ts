import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSpec } from './format-spec';
import { PyException, pyBool, pyFloat, pyInt, pyStr } from './values';

// Every expected string below was printed by CPython 3.11 (/usr/bin/python3): format(value, spec).
describe('formatSpec', () => {
  const formatted = [
    [pyFloat(0.40760594606399536), '.4f', '0.4076'],
    [pyFloat(1.0), '.3', '1.0'],
    [pyFloat(10.0), '.2', '1e+01'],
    [pyFloat(0.0001), '.3', '0.0001'],
    [pyFloat(1e16), '', '1e+16'],
    [pyFloat(3.5), '%', '350.000000%'],
    [pyFloat(0.5), '.0f', '0'],
    [pyFloat(2.5), '.0f', '2'],
    [pyFloat(1.5), '.0f', '2'],
    [pyFloat(0.125), '.2f', '0.12'],
    [pyFloat(0.375), '.2f', '0.38'],
    [
      pyFloat(1e300),
      'f',
      '1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000',
    ],
    [pyFloat(5e-324), '.3e', '4.941e-324'],
    [pyFloat(5e-324), 'g', '4.94066e-324'],
    [pyFloat(1.7976931348623157e308), 'e', '1.797693e+308'],
    [pyFloat(Infinity), '010f', '0000000inf'],
    [pyFloat(NaN), '+.2f', '+nan'],
    [pyFloat(-Infinity), 'F', '-INF'],
    [pyFloat(NaN), 'E', 'NAN'],
    [pyFloat(-0), '.1f', '-0.0'],
    [pyFloat(-0), 'z.1f', '0.0'],
    [pyFloat(-1e-5), 'z.1f', '0.0'],
    [pyFloat(-0.04), 'z.1f', '0.0'],
    [pyFloat(1234567.891), ',.2f', '1,234,567.89'],
    [pyFloat(1234567.891), '_.1f', '1_234_567.9'],
    [pyFloat(1234.5), '010,.1f', '0,001,234.5'],
    [pyFloat(1234.5), '012,.1f', '00,001,234.5'],
    [pyFloat(-1234.5), '=+12,.1f', '-    1,234.5'],
    [pyFloat(0.1), 'g', '0.1'],
    [pyFloat(123456789.0), 'g', '1.23457e+08'],
    [pyFloat(1.234e-5), 'g', '1.234e-05'],
    [pyFloat(0.0001234), 'g', '0.0001234'],
    [pyFloat(100000.0), 'g', '100000'],
    [pyFloat(1000000.0), 'g', '1e+06'],
    [pyFloat(1.0), '#g', '1.00000'],
    [pyFloat(1.0), '#.0f', '1.'],
    [pyFloat(1.0), '#.0e', '1.e+00'],
    [pyFloat(12.0), '#.3g', '12.0'],
    [pyFloat(9.9999), '.3g', '10'],
    [pyFloat(9.9999), '.3e', '1.000e+01'],
    [pyFloat(99.99), '.1f', '100.0'],
    [pyFloat(0.1), '.20f', '0.10000000000000000555'],
    [pyFloat(0.1), '.17g', '0.10000000000000001'],
    [pyFloat(0.6666666666666666), '.5', '0.66667'],
    [pyFloat(1e-5), '', '1e-05'],
    [pyFloat(1e-5), '.2', '1e-05'],
    [pyFloat(123.456), '10.2f', '    123.46'],
    [pyFloat(123.456), '<10.2f', '123.46    '],
    [pyFloat(123.456), '^10.2f', '  123.46  '],
    [pyFloat(123.456), '*^11.2f', '**123.46***'],
    [pyFloat(123.456), '+.1e', '+1.2e+02'],
    [pyFloat(123.456), ' .1E', ' 1.2E+02'],
    [pyFloat(0.5), '.0%', '50%'],
    [pyFloat(0.123456), '.2%', '12.35%'],
    [pyFloat(1.5), 'n', '1.5'],
    [pyFloat(1234567.0), ',', '1,234,567.0'],
    [pyFloat(1234567.0), '.10', '1234567.0'],
    [pyFloat(1e-7), '.3g', '1e-07'],
    [pyFloat(-1.25), '.1f', '-1.2'],
    [pyFloat(-1.35), '.1f', '-1.4'],
    [pyFloat(2.675), '.2f', '2.67'],
    [pyFloat(1e22), 'f', '10000000000000000000000.000000'],
    [pyFloat(123.0), 'G', '123'],
    [pyFloat(1.23e-10), 'G', '1.23E-10'],
    [pyInt(5), 'd', '5'],
    [pyInt(5), '=+05', '+0005'],
    [pyInt(123), 'x', '7b'],
    [pyInt(255), '#_b', '0b1111_1111'],
    [pyInt(255), '#X', '0XFF'],
    [pyInt(-255), '#o', '-0o377'],
    [pyInt(1234567), ',', '1,234,567'],
    [pyInt(1234567), '_', '1_234_567'],
    [pyInt(12), 'e', '1.200000e+01'],
    [pyInt(12), '.2f', '12.00'],
    [pyInt(12), '%', '1200.000000%'],
    [pyInt(-3), '05', '-0003'],
    [pyInt(7), '^7', '   7   '],
    [pyInt(65), 'c', 'A'],
    [pyInt(1234), '010,', '00,001,234'],
    [pyInt(3), '+', '+3'],
    [pyInt(3), ' ', ' 3'],
    [pyInt(0), 'n', '0'],
    [pyInt(12345678), '_x', 'bc_614e'],
    [pyBool(true), '>5', '    1'],
    [pyBool(true), '', 'True'],
    [pyBool(false), 'd', '0'],
    [pyBool(true), '.2f', '1.00'],
    [pyStr('ab'), '05', 'ab000'],
    [pyStr('abc'), '.2', 'ab'],
    [pyStr('abc'), '>6', '   abc'],
    [pyStr('abc'), '^6', ' abc  '],
    [pyStr('abc'), '*<6', 'abc***'],
    [pyStr('abc'), '', 'abc'],
    [pyStr('abc'), 's', 'abc'],
    [pyStr('h\u00e9llo'), '^9', '  h\u00e9llo  '],
  ] as const;
  it.each(formatted)('formats %o with %j as Python does', (value, spec, expected) => {
    expect(formatSpec(value, spec)).toBe(expected);
  });

  const refused = [
    [pyFloat(1.0), 'd', "ValueError: Unknown format code 'd' for object of type 'float'"],
    [pyStr('a'), '.2f', "ValueError: Unknown format code 'f' for object of type 'str'"],
    [pyInt(1), '.2d', 'ValueError: Precision not allowed in integer format specifier'],
    [
      pyFloat(1.0),
      '.4fx',
      "ValueError: Invalid format specifier '.4fx' for object of type 'float'",
    ],
    [pyFloat(1.0), 'abc', "ValueError: Invalid format specifier 'abc' for object of type 'float'"],
    [pyStr('a'), '=5', "ValueError: '=' alignment not allowed in string format specifier"],
    [pyStr('a'), '+5', 'ValueError: Sign not allowed in string format specifier'],
    [pyStr('a'), '#', 'ValueError: Alternate form (#) not allowed in string format specifier'],
    [pyStr('a'), ',', "ValueError: Cannot specify ',' with 's'."],
    [pyInt(1), 'q', "ValueError: Unknown format code 'q' for object of type 'int'"],
    [pyInt(5), ',x', "ValueError: Cannot specify ',' with 'x'."],
    [
      pyInt(1),
      'z',
      'ValueError: Negative zero coercion (z) not allowed in integer format specifier',
    ],
    [pyBool(true), 's', "ValueError: Unknown format code 's' for object of type 'bool'"],
    [pyFloat(1.0), 's', "ValueError: Unknown format code 's' for object of type 'float'"],
    [pyInt(65), '+c', "ValueError: Sign not allowed with integer format specifier 'c'"],
  ] as const;
  it.each(refused)('refuses %o with %j as Python does', (value, spec, expected) => {
    let line = '';
    try {
      formatSpec(value, spec);
    } catch (error) {
      if (error instanceof PyException) line = error.line;
    }
    expect(line).toBe(expected);
  });

  it('refuses a width beyond the cell limit instead of building a huge string', () => {
    expect(() => formatSpec(pyFloat(1), '100000000.2f')).toThrow(/limited to 10000/u);
  });

  // Independent checks against JavaScript's own exact conversions.
  it("rounds 'f' as Number#toFixed does, except that an exact tie goes to the even digit", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e20, max: 1e20, noNaN: true }),
        fc.integer({ min: 0, max: 20 }),
        (x, precision) => {
          const ours = formatSpec(pyFloat(x), `.${precision}f`);
          const theirs = x.toFixed(precision);
          if (ours === theirs || (Object.is(x, -0) && ours === `-${theirs}`)) return;
          // toFixed breaks a tie upwards; a tie needs the exact value to end in 5 right after the kept digits.
          const exact = Math.abs(x).toFixed(Math.min(100, precision + 60));
          const dropped = exact.slice(exact.indexOf('.') + 1 + precision);
          expect(dropped).toMatch(/^50*$/u);
          expect(ours.replace(/\D/gu, '').at(-1) ?? '').toMatch(/[02468]/u);
        },
      ),
    );
  });

  it("prints 17 significant digits ('.17g') that read back as the same double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(formatSpec(pyFloat(x), '.17g'))).toBe(x);
        expect(formatSpec(pyFloat(x), 'e')).toBe(formatSpec(pyFloat(x), '.6e'));
      }),
    );
  });
});
