import { describe, expect, it } from 'vitest';
import { outputsNote, pytorch2xDifferences } from './pytorch-2x';

describe('what PyTorch 2.x prints differently', () => {
  it('names the BCE target check for BCELoss but not for the logits version alone', () => {
    const bce = pytorch2xDifferences(['loss = nn.BCELoss()(p, t)']).differs;
    const logits = pytorch2xDifferences(['F.binary_cross_entropy_with_logits(z, t)']).differs;
    expect(bce.join()).toContain('all elements of target should be between 0 and 1');
    expect(logits.join()).not.toContain('all elements of target');
    expect(logits.join()).toContain('log_sigmoid');
  });

  it('names nothing for programs that only call cross_entropy and softmax', () => {
    const note = outputsNote(['print(F.cross_entropy(x, y))', 'print(torch.softmax(x, dim=0))']);
    expect(note).toContain('PyTorch 1.13');
    expect(note).toContain('nothing these programs call is known to print differently');
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

  it('says kl_div is unchanged, and says a notebook without code has no outputs', () => {
    expect(pytorch2xDifferences(["F.kl_div(q, p, reduction='batchmean')"]).unchanged).toHaveLength(
      1,
    );
    expect(outputsNote([])).toContain('no code cells');
  });
});
