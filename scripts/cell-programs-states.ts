// Cell states whose PyTorch programs are checked against real PyTorch: each built from a widget's
// state class exactly as a reader would reach it, so the program and the printed block are the
// cell's own. scripts/cell-programs.generate.ts writes their programs to scripts/cell-programs.json,
// scripts/cell-programs.py runs them in PyTorch 1.13, and scripts/cell-programs.test.ts compares.
import { DistributionExplorerState } from '../components/widgets/distribution-explorer/distribution-explorer.svelte.ts';
import { ExpectedMinusObservedState } from '../components/widgets/expected-minus-observed/expected-minus-observed.svelte.ts';
import { GradientExplorerState } from '../components/widgets/gradient-explorer/gradient-explorer.svelte.ts';
import { StabilityLabState } from '../components/widgets/stability-lab/stability-lab.svelte.ts';
import { SoftmaxExplorerState } from '../components/widgets/softmax-explorer/softmax-explorer.svelte.ts';
import type { PyTorchProgram } from '../src/pytorch/program';
import { batchPlaygroundStates } from './cell-programs-batch-playground';
import { klBceLabStates } from './cell-programs-kl-bce-lab';
import { labelInspectorStates } from './cell-programs-label-inspector';
import { lossGradientPlotStates } from './cell-programs-loss-gradient-plot';
import { proseStates } from './cell-programs-prose';
import { trainingRaceStates } from './cell-programs-training-race';

/** One checked state: a stable id and the program its cell shows. */
export interface CellProgram {
  readonly id: string;
  readonly program: PyTorchProgram;
}

/** Softmax explorer: chapter starts, shifts, large and tiny logits, and temperatures along the log slider. */
function softmaxExplorerStates(): CellProgram[] {
  const states: CellProgram[] = [];
  const logitSets = [
    [2, 1, 0.1],
    [0, 0],
    [10, 20, 30],
    [-3.5, 0.25, 7, 1e-8],
    [100, 0, -100],
    [1000, 1001, 1002],
    [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    [-1e-5, 3e-5],
  ];
  logitSets.forEach((logits, k) => {
    const state = new SoftmaxExplorerState({ logits });
    states.push({ id: `softmax-explorer/logits-${k}`, program: state.program });
  });
  for (const temperature of ['0.01', '0.0316', '0.316', '1', '3.16', '10', '0.5']) {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1], temperature: true });
    state.temperatureInput.set(temperature);
    states.push({ id: `softmax-explorer/temperature-${temperature}`, program: state.program });
  }
  const shifted = new SoftmaxExplorerState({ logits: [2, 1, 0.1] });
  shifted.shiftAll(1);
  states.push({ id: 'softmax-explorer/shifted', program: shifted.program });
  return states;
}

/** Distribution explorer: the chapter's pair, both units, zeros on either side, renormalised and dragged entries. */
function distributionExplorerStates(): CellProgram[] {
  const states: CellProgram[] = [];
  const add = (id: string, state: DistributionExplorerState) =>
    states.push({ id: `distribution-explorer/${id}`, program: state.program });
  const chapter = { p: [0.5, 0.25, 0.125, 0.125], q: [0.125, 0.5, 0.25, 0.125] };
  add('default', new DistributionExplorerState());
  const nats = new DistributionExplorerState(chapter);
  nats.setUnit('nats');
  add('nats', nats);
  add('uniform-q', new DistributionExplorerState({ p: chapter.p, q: [0.25, 0.25, 0.25, 0.25] }));
  const missing = new DistributionExplorerState(chapter);
  missing.setText('q', 0, '0');
  add('q-misses-an-outcome', missing);
  const reverse = new DistributionExplorerState(chapter);
  reverse.setText('p', 3, '0');
  add('p-misses-an-outcome', reverse);
  add('thirds', new DistributionExplorerState({ p: [1, 1, 1], q: [1, 2, 4] }));
  add('equal', new DistributionExplorerState({ p: [0.7, 0.2, 0.1], q: [0.7, 0.2, 0.1] }));
  const dragged = new DistributionExplorerState(chapter);
  dragged.setProbability('q', 1, 0.0395);
  add('dragged', dragged);
  add(
    'eight-outcomes',
    new DistributionExplorerState({ p: [1, 2, 3, 4, 5, 6, 7, 8], q: [8, 7, 6, 5, 4, 3, 2, 1] }),
  );
  add('certain', new DistributionExplorerState({ p: [1, 0], q: [0.999, 0.001] }));
  return states;
}

/** Stability lab: every slider position, k = 0 to 6 in steps of 0.5. */
function stabilityLabStates(): CellProgram[] {
  return Array.from({ length: 13 }, (_, i) => {
    const exponent = i / 2;
    return {
      id: `stability-lab/k-${exponent}`,
      program: new StabilityLabState({ exponent }).program,
    };
  });
}

/** Gradient explorer: the chapter's start, steps of descent, soft targets, confidently wrong. */
function gradientExplorerStates(): CellProgram[] {
  const states: CellProgram[] = [];
  const add = (id: string, state: GradientExplorerState) =>
    states.push({ id: `gradient-explorer/${id}`, program: state.program });
  add('default', new GradientExplorerState());
  add('other-class', new GradientExplorerState({ logits: [0.3, -1.2, 2.5, 0], trueClass: 2 }));
  const stepped = new GradientExplorerState();
  stepped.step(10);
  add('ten-steps', stepped);
  const soft = new GradientExplorerState();
  soft.setMode('soft');
  soft.setSoftWeight(1, '3');
  add('soft', soft);
  const wrong = new GradientExplorerState();
  wrong.confidentlyWrong();
  add('confidently-wrong', wrong);
  return states;
}

/** Expected minus observed: the appendix's start and a few observations. */
function expectedMinusObservedStates(): CellProgram[] {
  return [
    { id: 'default', props: {} },
    {
      id: 'other',
      props: { logits: [0.5, 1.5, -2, 0], observedClass: 3, eta: -1.2, t: 1, mu: -0.5, y: 2 },
    },
    { id: 'soft-t', props: { t: 0.3, eta: 2.5 } },
  ].map(({ id, props }) => ({
    id: `expected-minus-observed/${id}`,
    program: new ExpectedMinusObservedState(props).program,
  }));
}

/**
 * Every checked state. Another widget joins by adding its function here: build states from its
 * state class and return { id: '<widget>/<name>', program: state.program }.
 */
export function cellPrograms(): CellProgram[] {
  return [
    ...softmaxExplorerStates(),
    ...distributionExplorerStates(),
    ...stabilityLabStates(),
    ...gradientExplorerStates(),
    ...expectedMinusObservedStates(),
    ...batchPlaygroundStates(),
    ...labelInspectorStates(),
    ...klBceLabStates(),
    ...lossGradientPlotStates(),
    ...trainingRaceStates(),
    ...proseStates(),
  ];
}
