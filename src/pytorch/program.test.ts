import { describe, expect, it } from 'vitest';
import { crossEntropy, formatTensor, tensor } from '../loss/index';
import {
  pyBool,
  pyCall,
  pyFixed,
  pyFloat,
  pyInt,
  pyPrint,
  pyProgram,
  pyRepr,
  pyStr,
  torchTensor,
  type PyTorchProgram,
} from './program';

describe('a whole cell program, as a widget builds one', () => {
  it('reads as the PyTorch a reader would type, imports first', () => {
    // How a widget's state class builds its "In" and "Out": literals from its state, the
    // printed lines from the core's results (formatTensor for tensors, pyRepr / pyFixed for floats).
    const logits = [[2, 1, 0.1]];
    const loss = crossEntropy(tensor(logits, 'float32'), tensor([0], 'int64'), {
      labelSmoothing: 0.1,
    });
    const program: PyTorchProgram = {
      code: pyProgram([
        `logits = ${torchTensor(logits)}`,
        `target = ${torchTensor([0], 'int64')}`,
        `loss = ${pyCall('F.cross_entropy', ['logits', 'target'], { label_smoothing: pyFloat(0.1) })}`,
        pyPrint('loss'),
        pyPrint(pyStr('in bits:'), 'loss.item() / math.log(2)'),
      ]),
      printed: [formatTensor(loss), `in bits: ${pyRepr(loss.data[0]! / Math.LN2)}`].join('\n'),
    };
    expect(program.code).toBe(
      [
        'import math',
        'import torch',
        'import torch.nn.functional as F',
        '',
        'logits = torch.tensor([[2.0, 1.0, 0.1]])',
        'target = torch.tensor([0])',
        'loss = F.cross_entropy(logits, target, label_smoothing=0.1)',
        'print(loss)',
        "print('in bits:', loss.item() / math.log(2))",
      ].join('\n'),
    );
    // What /usr/bin/python3 with PyTorch 1.13 printed for this very program.
    expect(program.printed).toBe('tensor(0.5137)\nin bits: 0.7411075531066895');
  });

  it('imports only torch when nothing else is used', () => {
    expect(pyProgram(['print(torch.softmax(torch.tensor([1.0]), dim=0))'])).toBe(
      'import torch\n\nprint(torch.softmax(torch.tensor([1.0]), dim=0))',
    );
    // `torch.nn.F.` or a name ending in F does not ask for the F import.
    expect(pyProgram(['dF.x = 1'])).toBe('import torch\n\ndF.x = 1');
  });
});

describe('pyRepr: Python’s repr of a float (checked against CPython on 12 000 values)', () => {
  it.each([
    [0.1, '0.1'],
    [1, '1.0'],
    [-2.5, '-2.5'],
    [1e-8, '1e-08'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789012345680, '1.2345678901234568e+17'],
    [1 / 3, '0.3333333333333333'],
    [5e-324, '5e-324'],
    [1e300, '1e+300'],
    [0, '0.0'],
    [-0, '-0.0'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [Number.NaN, 'nan'],
    [Math.fround(0.1), '0.10000000149011612'],
  ])('repr(%s) is %s', (x, text) => {
    expect(pyRepr(x)).toBe(text);
  });
});

describe('literals', () => {
  it('writes floats that read back exactly, with inf and nan as expressions', () => {
    expect(pyFloat(0.1)).toBe('0.1');
    expect(pyFloat(3)).toBe('3.0');
    expect(pyFloat(1e-8)).toBe('1e-08');
    expect(pyFloat(Infinity)).toBe("float('inf')");
    expect(pyFloat(-Infinity)).toBe("-float('inf')");
    expect(pyFloat(Number.NaN)).toBe("float('nan')");
  });

  it('writes ints, strings and bools as Python does, and refuses a fractional int', () => {
    expect(pyInt(-3)).toBe('-3');
    expect(() => pyInt(0.5)).toThrow('pyInt: 0.5 is not an integer');
    expect(pyStr("it's")).toBe("'it\\'s'");
    expect(pyStr('a\\b\nc')).toBe("'a\\\\b\\nc'");
    expect(pyBool(true)).toBe('True');
    expect(pyBool(false)).toBe('False');
  });

  it('writes tensors with the dtype spelled out unless it is PyTorch’s default', () => {
    expect(torchTensor([[1, 2]])).toBe('torch.tensor([[1.0, 2.0]])');
    expect(torchTensor([[1, 2]], 'float64')).toBe(
      'torch.tensor([[1.0, 2.0]], dtype=torch.float64)',
    );
    expect(torchTensor([0, 2], 'int64')).toBe('torch.tensor([0, 2])');
    expect(torchTensor(0.5)).toBe('torch.tensor(0.5)');
    expect(torchTensor([Infinity, Number.NaN])).toBe("torch.tensor([float('inf'), float('nan')])");
  });
});

describe('calls and prints', () => {
  it('puts keyword arguments after positional ones and drops undefined keywords', () => {
    expect(
      pyCall('F.cross_entropy', ['o', 'y'], {
        reduction: pyStr('sum'),
        label_smoothing: undefined,
      }),
    ).toBe("F.cross_entropy(o, y, reduction='sum')");
    expect(pyCall('torch.zeros', [pyInt(3)])).toBe('torch.zeros(3)');
    expect(pyCall('f')).toBe('f()');
  });

  it('prints several expressions in one print call', () => {
    expect(pyPrint(pyStr('H(p) ='), 'h')).toBe("print('H(p) =', h)");
  });
});

describe('pyFixed: Python’s format(x, ".Nf")', () => {
  it('rounds exact ties to even as Python does, and other values to nearest', () => {
    expect(pyFixed(0.125, 2)).toBe('0.12');
    expect(pyFixed(0.375, 2)).toBe('0.38');
    expect(pyFixed(2.675, 2)).toBe('2.67'); // 2.675 is stored just below the tie
    expect(pyFixed(1.75, 4)).toBe('1.7500');
  });

  it('keeps the sign of negative zero and small negatives, and spells inf and nan', () => {
    expect(pyFixed(-0, 4)).toBe('-0.0000');
    expect(pyFixed(-1e-5, 4)).toBe('-0.0000');
    expect(pyFixed(Infinity, 4)).toBe('inf');
    expect(pyFixed(-Infinity, 4)).toBe('-inf');
    expect(pyFixed(Number.NaN, 4)).toBe('nan');
  });

  it('spells huge floats in full, as Python does', () => {
    expect(pyFixed(1e22, 2)).toBe('10000000000000000000000.00');
    expect(pyFixed(1e22, 0)).toBe('10000000000000000000000');
  });
});
