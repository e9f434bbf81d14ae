import { describe, expect, it } from 'vitest';
import { callArguments, outputsNote, pytorch2xDifferences } from './pytorch-2x';

const BCE_IN_RANGE = [
  'import torch',
  'import torch.nn.functional as F',
  'target = torch.tensor([0.0])',
  'p = torch.sigmoid(torch.tensor([20.0]))',
  'print(F.binary_cross_entropy(p, target))',
].join('\n');

describe('callArguments', () => {
  it('splits a call at its top-level commas, across lines and past comments', () => {
    expect(
      callArguments('F.kl_div(f(a, b), [1, 2],  # c, d\n  reduction="x,y")', /\bkl_div/),
    ).toEqual([['f(a, b)', '[1, 2]', 'reduction="x,y"']]);
  });
});

describe('what PyTorch 2.x prints differently', () => {
  it('finds a BCE target literal outside [0, 1], and says no for one inside', () => {
    const outside = BCE_IN_RANGE.replace('[0.0]', '[1.5]');
    const [check] = pytorch2xDifferences([outside]);
    expect(check?.note).toContain('all elements of target should be between 0 and 1');
    expect(check?.differs).toEqual([1]);
    const [fine] = pytorch2xDifferences([BCE_IN_RANGE]);
    expect(fine?.differs).toEqual([]);
    expect(fine?.note).toContain('never passes such a target');
    // A target the text does not show is neither: the cell is named to check.
    const [unknown] = pytorch2xDifferences([
      BCE_IN_RANGE.replace('target = torch.tensor([0.0])', 'target = make()'),
    ]);
    expect(unknown?.unsure).toEqual([1]);
  });

  it('reads a module built once and called by name, and a 1-D nll_loss input', () => {
    const module = 'crit = nn.BCELoss()\nt = torch.tensor([[0.0, 2.0]])\nprint(crit(p, t))';
    expect(pytorch2xDifferences([module])[0]?.differs).toEqual([1]);
    const oneD =
      'x = torch.tensor([-1.0, -2.0, -3.0])\ny = torch.tensor([1, 0, 2])\nF.nll_loss(x, y)';
    const nll = pytorch2xDifferences(['print(1)', oneD]);
    expect(nll.map((f) => f.differs)).toEqual([[2]]);
    expect(nll[0]?.note).toContain('the program in code cell [2] passes such an input');
    // A log-softmax over dim 1 has at least two dims, so the quirk cannot apply.
    const twoD = pytorch2xDifferences([
      'print(torch.nn.NLLLoss()(torch.nn.LogSoftmax(dim=1)(x), target))',
    ]);
    expect(twoD[0]?.differs).toEqual([]);
    expect(twoD[0]?.unsure).toEqual([]);
  });

  it('says which stored outputs would print differently, and that the rest print the same', () => {
    const bad = BCE_IN_RANGE.replace('[0.0]', '[-1.0]');
    const note = outputsNote([BCE_IN_RANGE, bad]);
    expect(note).toContain('So the output of code cell [2] prints differently in 2.x');
    expect(outputsNote([BCE_IN_RANGE])).toContain('So every output stored here prints the same');
    // A full-precision float from .item() may show BCE's log1p in its last digits.
    expect(outputsNote([`${BCE_IN_RANGE}\nprint(p.item())`])).toContain(
      'So the output of code cell [1] may print differently.',
    );
  });

  it('names nothing for programs that only call cross_entropy and softmax', () => {
    const note = outputsNote(['print(F.cross_entropy(x, y))', 'print(torch.softmax(x, dim=0))']);
    expect(note).toContain('PyTorch 1.13');
    expect(note).toContain('Nothing these programs call is known to print differently');
    expect(note).not.toContain('raises-exception');
  });

  it('names the raises-exception tag only for a notebook whose cells carry it', () => {
    const programs = ['print(F.cross_entropy(x, y))', 'F.nll_loss(x, bad)'];
    expect(outputsNote(programs, 1)).toContain(
      'The cell that demonstrates an error carries the `raises-exception` tag',
    );
    expect(outputsNote(programs, 2)).toContain('The 2 cells that demonstrate an error carry');
    expect(outputsNote(programs, 0)).not.toContain('raises-exception');
  });

  it("tells of kl_div's 'mean' warning only when a program may use it", () => {
    expect(outputsNote(["F.kl_div(q, p, reduction='batchmean')"])).not.toContain('kl_div');
    expect(outputsNote(['F.kl_div(q, p)'])).toContain("`reduction='mean'`, the default");
    expect(outputsNote(["nn.KLDivLoss(reduction='mean')(q, p)"])).toContain('code cell [1]');
    expect(outputsNote([])).toContain('no code cells');
  });
});
