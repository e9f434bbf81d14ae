import { describe, expect, it } from 'vitest';
import { cellId, codeCell, multiline, notebook, programOutputs } from './nbformat';

describe('programOutputs', () => {
  it('stores printed lines as one stdout stream ending in a newline, as Python prints them', () => {
    expect(programOutputs('tensor([0.6590, 0.2424, 0.0986])\n1.0')).toEqual([
      {
        output_type: 'stream',
        name: 'stdout',
        text: ['tensor([0.6590, 0.2424, 0.0986])\n', '1.0\n'],
      },
    ]);
  });

  it('turns a last line that is an exception into an error output after the stdout', () => {
    expect(programOutputs('torch.Size([3])\nIndexError: Target 5 is out of bounds.')).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['torch.Size([3])\n'] },
      {
        output_type: 'error',
        ename: 'IndexError',
        evalue: 'Target 5 is out of bounds.',
        traceback: ['IndexError: Target 5 is out of bounds.'],
      },
    ]);
  });

  it('gives a program that raises before printing only the error, and one that prints nothing no output', () => {
    expect(programOutputs("NameError: name 'y' is not defined").map((o) => o.output_type)).toEqual([
      'error',
    ]);
    expect(programOutputs('')).toEqual([]);
  });

  it('keeps a line that merely mentions an error as stdout', () => {
    expect(programOutputs('the RuntimeError: below').map((o) => o.output_type)).toEqual(['stream']);
  });
});

describe('cells and the notebook', () => {
  it('splits text into nbformat lines that join back to it', () => {
    expect(multiline('a\nb')).toEqual(['a\n', 'b']);
    expect(multiline('a\n\nb\n').join('')).toBe('a\n\nb\n');
  });

  it('tags a cell that raises so Run all goes on, and no other', () => {
    const raising = codeCell(
      'c',
      'x',
      programOutputs('ValueError: bad'),
      { source: 'cell', cell: 'c' },
      1,
    );
    const fine = codeCell('d', 'x', programOutputs('1'), { source: 'prose' }, 2);
    expect(raising.metadata.tags).toEqual(['raises-exception']);
    expect(fine.metadata.tags).toBeUndefined();
  });

  it('makes ids nbformat 4.5 accepts, and refuses two cells of one id', () => {
    expect(cellId('kl-bce-lab/bce clamp')).toBe('kl-bce-lab-bce-clamp');
    expect(cellId('!!!')).toBe('cell');
    expect(cellId('x'.repeat(80))).toHaveLength(64);
    const cell = codeCell('a', 'x', [], { source: 'prose' }, 1);
    expect(() => notebook('T', [cell, cell])).toThrow(/two cells share the id "a"/);
  });
});
