import { describe, expect, it } from 'vitest';
// Only the operators: `'%d' % 3` must not depend on another module having been loaded first.
import { binaryOp } from './operators';
import { pyFloat, pyInt, pyStr, pyTuple, type Runtime } from './values';

const rt: Runtime = { tick: () => undefined, checkElements: () => undefined, gradEnabled: true };

describe("str % args through the operators alone (CPython 3.11's output)", () => {
  it.each([
    ['%d', pyInt(3), '3'],
    ['%d and %s', pyTuple([pyInt(3), pyStr('a')]), '3 and a'],
    ['%5.2f|', pyFloat(3.14159), ' 3.14|'],
    ['%.3e %%', pyFloat(12345.678), '1.235e+04 %'],
    ['%r', pyStr("it's"), `"it's"`],
  ])('%s', (template, args, expected) => {
    expect(binaryOp('%', pyStr(template), args, rt)).toEqual(pyStr(expected));
  });

  it('raises TypeError as CPython does for a wrong argument count', () => {
    expect(() => binaryOp('%', pyStr('%d %d'), pyInt(1), rt)).toThrow(
      'not enough arguments for format string',
    );
    expect(() => binaryOp('%', pyStr('%d'), pyTuple([pyInt(1), pyInt(2)]), rt)).toThrow(
      'not all arguments converted during string formatting',
    );
  });
});
