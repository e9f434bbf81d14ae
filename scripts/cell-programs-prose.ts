// PyTorch facts the practice chapters state in prose without a cell behind them: each a short
// program and the lines the chapter relies on, checked against real PyTorch 1.13 like the cells'
// programs (the printed block is what the prose claims; scripts/cell-programs.py records what
// PyTorch prints, and scripts/cell-programs.test.ts compares). tests/claims/<slug>.test.ts find
// the chapters' quoted error lines here.
import { pyProgram } from '../src/pytorch/program';
import type { CellProgram } from './cell-programs-states';

/** One prose claim: its chapter's slug, a name, the program's lines and what it must print. */
function claim(slug: string, name: string, lines: string[], printed: string[]): CellProgram {
  return {
    id: `${slug}/${name}`,
    program: { code: pyProgram(lines), printed: printed.join('\n') },
  };
}

export function proseStates(): CellProgram[] {
  return [
    claim(
      'label-formats',
      'mask-with-channel',
      [
        'x = torch.zeros(2, 4, 3, 3)',
        'mask = torch.zeros(2, 1, 3, 3, dtype=torch.long)',
        'print(mask.squeeze(1).shape)',
        'print(F.cross_entropy(x, mask))',
      ],
      [
        'torch.Size([2, 3, 3])',
        'RuntimeError: only batches of spatial targets supported (3D tensors) but got targets of dimension: 4',
      ],
    ),
    claim(
      'label-formats',
      'mask-uint8',
      [
        'x = torch.zeros(2, 4, 3, 3)',
        'mask = torch.zeros(2, 3, 3, dtype=torch.uint8)',
        'print(F.cross_entropy(x, mask.long()).shape)',
        'print(F.cross_entropy(x, mask))',
      ],
      ['torch.Size([])', 'RuntimeError: expected scalar type Long but found Byte'],
    ),
    claim(
      'label-formats',
      'one-hot-int32',
      [
        'target = torch.tensor([2, 0, 3], dtype=torch.int32)',
        'print(F.one_hot(target.long(), num_classes=4).shape)',
        'print(F.one_hot(target, num_classes=4))',
      ],
      ['torch.Size([3, 4])', 'RuntimeError: one_hot is only applicable to index tensor.'],
    ),
    claim(
      'kl-div-and-bce',
      'log-target-zero',
      [
        'log_q = F.log_softmax(torch.tensor([[1.0, 2.0, 0.5]]), dim=1)',
        'p = torch.tensor([[0.0, 0.5, 0.5]])',
        "print(F.kl_div(log_q, p, reduction='batchmean').isnan())",
        "print(F.kl_div(log_q, p.log(), reduction='batchmean', log_target=True).isnan())",
      ],
      ['tensor(False)', 'tensor(True)'],
    ),
    claim(
      'kl-div-and-bce',
      'mean-warning-once',
      [
        'import warnings',
        'shown = []',
        'warnings.showwarning = lambda message, *rest: shown.append(str(message))',
        'log_q = F.log_softmax(torch.tensor([[1.0, 2.0, 0.5]]), dim=1)',
        'p = F.softmax(torch.tensor([[0.5, 1.5, 2.0]]), dim=1)',
        'for _ in range(3):',
        '    torch.nn.KLDivLoss()(log_q, p)',
        'print(len(shown))',
        'print(shown[0])',
      ],
      [
        '1',
        "reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.",
      ],
    ),
    claim(
      'kl-div-and-bce',
      'bce-with-logits-index-target',
      [
        'z = torch.tensor([0.5])',
        'y = torch.tensor([2.0])',
        'print(F.binary_cross_entropy_with_logits(z, y) < 0)',
      ],
      ['tensor(True)'],
    ),
    claim(
      'kl-div-and-bce',
      'one-output-cross-entropy',
      [
        'torch.manual_seed(0)',
        'z = torch.randn(5, 1, requires_grad=True)',
        'loss = F.cross_entropy(z, torch.zeros(5, dtype=torch.long))',
        'loss.backward()',
        'print(loss.item(), z.grad.abs().max().item())',
      ],
      ['0.0 0.0'],
    ),
    claim(
      'kl-div-and-bce',
      'distillation',
      [
        'def kd_loss(student_logits, teacher_logits, labels, T=4.0, alpha=0.9):',
        '    p = F.softmax(teacher_logits / T, dim=1)',
        '    log_q = F.log_softmax(student_logits / T, dim=1)',
        "    kd = F.kl_div(log_q, p, reduction='batchmean') * T**2",
        '    ce = F.cross_entropy(student_logits, labels)',
        '    return alpha * kd + (1 - alpha) * ce',
        '',
        'teacher, student = torch.nn.Linear(8, 5), torch.nn.Linear(8, 5)',
        'inputs, labels = torch.randn(4, 8), torch.tensor([0, 3, 1, 4])',
        'with torch.no_grad():',
        '    teacher_logits = teacher(inputs)',
        'kd_loss(student(inputs), teacher_logits, labels).backward()',
        'print(teacher.weight.grad is None, student.weight.grad is not None)',
      ],
      ['True True'],
    ),
  ];
}
