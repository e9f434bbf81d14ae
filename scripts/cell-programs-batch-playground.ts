// Batch playground states checked against PyTorch 1.13: each reduction, class weights,
// ignore_index (and an all-ignored batch), label smoothing alone and with weights and
// ignore_index, the sizes at the table's limits, and the three states
// PyTorch refuses (a target out of range, a float target of the wrong shape, weights of the
// wrong length), each reached through the state class as a reader would reach it.
import { BatchPlaygroundState } from '../components/widgets/batch-playground/batch-playground.svelte.ts';
import type { CellProgram } from './cell-programs-states';

/** Every checked state of the batch playground. */
export function batchPlaygroundStates(): CellProgram[] {
  const states: CellProgram[] = [];
  const add = (id: string, state: BatchPlaygroundState) =>
    states.push({ id: `batch-playground/${id}`, program: state.program });
  const weighted = { weight: [1, 2, 3] } as const;

  add('default', new BatchPlaygroundState());
  add('weighted-mean', new BatchPlaygroundState(weighted));
  add('weighted-sum', new BatchPlaygroundState({ ...weighted, reduction: 'sum' }));
  add('weighted-none', new BatchPlaygroundState({ ...weighted, reduction: 'none' }));
  add('ignored-row', new BatchPlaygroundState({ targets: [2, -100, 1, 0] }));
  add(
    'all-ignored-mean',
    new BatchPlaygroundState({ targets: [-100, -100, -100, -100], ...weighted }),
  );
  add(
    'all-ignored-sum',
    new BatchPlaygroundState({ targets: [-100, -100, -100, -100], reduction: 'sum' }),
  );
  add('smoothing', new BatchPlaygroundState({ labelSmoothing: 0.1 }));
  add(
    'smoothing-weights-ignore',
    new BatchPlaygroundState({ targets: [2, -100, 1, 0], ...weighted, labelSmoothing: 0.3 }),
  );
  add(
    'smoothing-weights-ignore-none',
    new BatchPlaygroundState({
      targets: [2, -100, 1, 0],
      ...weighted,
      labelSmoothing: 0.3,
      reduction: 'none',
    }),
  );
  add('smoothing-one', new BatchPlaygroundState({ labelSmoothing: 1, reduction: 'sum' }));
  add(
    'ignore-index-real-class',
    new BatchPlaygroundState({ ignoreIndex: 2, ...weighted, targets: [2, 0, 1, 2] }),
  );

  const outOfRange = new BatchPlaygroundState();
  outOfRange.setTarget(1, '3');
  add('error-target-out-of-range', outOfRange);
  const negative = new BatchPlaygroundState();
  negative.setTarget(0, '-1');
  add('error-target-minus-one', negative);
  const floatTarget = new BatchPlaygroundState();
  floatTarget.setTargetForm('float-index');
  add('error-float-target-shape', floatTarget);
  const grown = new BatchPlaygroundState(weighted);
  grown.resize('class', 1);
  add('error-weight-length', grown);
  const removed = new BatchPlaygroundState();
  removed.resize('class', -1);
  add('error-removed-class', removed);

  add('one-sample', new BatchPlaygroundState({ logits: [[0.25, -1.5]], targets: [1] }));
  const eight = new BatchPlaygroundState({
    logits: [
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
      [3, -1, 0, 2.5, -4, 1, 0.5, -0.5],
    ],
    targets: [7, 3],
    weight: [1, 0.5, 2, 1.5, 1, 3, 0.25, 4],
    labelSmoothing: 0.2,
  });
  add('eight-classes', eight);
  const sixteen = new BatchPlaygroundState({
    logits: Array.from({ length: 16 }, (_, n) => [
      Math.round(Math.sin(n + 1) * 300) / 100,
      Math.round(Math.cos(2 * n) * 200) / 100,
      (n % 5) - 2,
    ]),
    targets: Array.from({ length: 16 }, (_, n) => (n % 7 === 3 ? -100 : n % 3)),
    weight: [0.25, 1, 4],
  });
  add('sixteen-samples', sixteen);
  // Weights not exact in float32: PyTorch's total weight is 30.000002 (its float32 cascade),
  // not 30, and the gradient carries that into printed digits (−6.1016e-03, not −6.1017e-03).
  const inexactWeights = new BatchPlaygroundState({
    logits: Array.from({ length: 16 }, (_, n) => [
      Math.round(Math.sin(n + 4) * 300) / 100,
      Math.round(Math.cos(2 * n + 3) * 200) / 100,
      ((n + 3) % 5) - 2,
    ]),
    targets: [1, -100, 0, 0, 2, 0, 2, 1, 1, 2, 0, 0, 2, -100, 1, 2],
    weight: [0.2, 1, 5],
  });
  add('sixteen-samples-inexact-weights', inexactWeights);
  const large = new BatchPlaygroundState({
    logits: [
      [1000, 0, -1000],
      [20, 30, 10],
    ],
    targets: [2, 1],
    reduction: 'sum',
  });
  add('large-logits', large);
  return states;
}
