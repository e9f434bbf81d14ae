// Pure pieces of the training race: its PyTorch program's text, the decision-region map as one
// SVG path per class, the loss curves' points and the rows of their table view.
import { pyFloat, pyInt, pyProgram } from '../../../src/pytorch/program';
import { CLASSES, EXTENT, FEATURES, GRID, type DataSet, type Weights } from './model';

/** Steps the PyTorch program trains for, printing the loss before each update. */
export const PROGRAM_STEPS = 5;
/** The race stops here; Reset starts it again. */
export const MAX_STEPS = 1000;
/** The learning rates a reader may type. */
export const LEARNING_RATE_RANGE = { min: 0, max: 100 } as const;
/** Seeds are 32-bit unsigned integers, as mulberry32 takes them. */
export const SEED_RANGE = { min: 0, max: 4294967295 } as const;

/** Items joined by ', ' and wrapped into lines of at most `perLine` items, indented. */
function wrapped(items: readonly string[], perLine: number, indent: string): string {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) {
    lines.push(indent + items.slice(i, i + perLine).join(', ') + ',');
  }
  return lines.join('\n');
}

/** A float64 matrix literal, a few rows to a line. */
function matrixLiteral(values: ArrayLike<number>, columns: number, rowsPerLine: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += columns) {
    rows.push(
      `[${Array.from({ length: columns }, (_, j) => pyFloat(values[i + j] as number)).join(', ')}]`,
    );
  }
  return [wrapped(rows, rowsPerLine, '    ')];
}

/**
 * One racer's lines: fresh copies of the starting weights, PROGRAM_STEPS plain gradient-descent
 * steps on `loss` (a Python expression in logits), the losses printed after `name`.
 */
function trainingLoop(name: string, loss: string): string[] {
  return [
    'W = W0.clone().requires_grad_()',
    'b = b0.clone().requires_grad_()',
    'losses = []',
    `for step in range(${pyInt(PROGRAM_STEPS)}):`,
    '    logits = X @ W + b',
    `    loss = ${loss}`,
    '    losses.append(loss.item())',
    '    loss.backward()',
    '    with torch.no_grad():',
    '        W -= lr * W.grad',
    '        b -= lr * b.grad',
    '        W.grad.zero_()',
    '        b.grad.zero_()',
    `print('${name}', torch.tensor(losses, dtype=torch.float64))`,
  ];
}

/** The race's PyTorch program: data and starting weights as literals, a few plain gradient-descent steps per loss, the losses printed; two explicit loops (no def or lambda) so the in-page PyTorch cell runs it too. */
export function raceProgramCode(data: DataSet, start: Weights, learningRate: number): string {
  const labels = Array.from(data.labels, (k) => pyInt(k));
  return pyProgram([
    'X = torch.tensor([',
    ...matrixLiteral(data.x, FEATURES, 3),
    '], dtype=torch.float64)',
    'y = torch.tensor([',
    wrapped(labels, 15, '    '),
    '])',
    `W0 = torch.tensor([${Array.from({ length: FEATURES }, (_, i) => `[${Array.from(start.w.subarray(i * CLASSES, (i + 1) * CLASSES), pyFloat).join(', ')}]`).join(', ')}], dtype=torch.float64)`,
    `b0 = torch.tensor([${Array.from(start.b, pyFloat).join(', ')}], dtype=torch.float64)`,
    `lr = ${pyFloat(learningRate)}`,
    '',
    'one_hot = F.one_hot(y, 3).to(torch.float64)',
    '',
    ...trainingLoop('cross-entropy', 'F.cross_entropy(logits, y)'),
    '',
    ...trainingLoop('mse', 'F.mse_loss(F.softmax(logits, dim=1), one_hot)'),
  ]);
}

/** Map coordinates: the map is a 0…GRID square in SVG units, x₂ growing upwards. */
export function mapPoint(x1: number, x2: number): [number, number] {
  const scale = GRID / (2 * EXTENT);
  const clamp = (v: number) => Math.min(GRID, Math.max(0, v));
  return [clamp((x1 + EXTENT) * scale), clamp((EXTENT - x2) * scale)];
}

/**
 * The decision regions as one SVG path per class: each grid row's runs of one predicted class
 * become one rectangle, so a map is three elements whatever the grid.
 * @example regionPaths([0, 0, 1, 1], 2) // ['M0 0h2v1h-2z', 'M0 1h2v1h-2z', '']
 */
export function regionPaths(predicted: readonly number[], grid: number = GRID): string[] {
  const paths = Array.from({ length: CLASSES }, () => '');
  for (let row = 0; row < grid; row++) {
    let start = 0;
    for (let col = 1; col <= grid; col++) {
      const k = predicted[row * grid + start] as number;
      if (col < grid && predicted[row * grid + col] === k) continue;
      paths[k] = `${paths[k] ?? ''}M${start} ${row}h${col - start}v1h${start - col}z`;
      start = col;
    }
  }
  return paths;
}

/** A loss curve's polyline points in a width×height box, from 0 at the bottom to `top`. */
export function curvePoints(
  losses: readonly number[],
  width: number,
  height: number,
  top: number,
): string {
  const last = Math.max(1, losses.length - 1);
  return losses
    .map((loss, t) => {
      const y = height - (Math.min(loss, top) / top) * height;
      return `${((t / last) * width).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** The steps the table view lists: every step up to 20, then about 20 evenly spaced and the last. */
export function tableSteps(steps: number): number[] {
  if (steps <= 20) return Array.from({ length: steps + 1 }, (_, t) => t);
  const stride = Math.ceil(steps / 20);
  const listed: number[] = [];
  for (let t = 0; t < steps; t += stride) listed.push(t);
  listed.push(steps);
  return listed;
}

/** A share as a whole percentage: 0.9 → "90%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
