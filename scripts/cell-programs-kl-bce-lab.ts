// KL/BCE lab states checked against PyTorch 1.13: each scenario at the chapter's start and at
// the places its gotcha changes, and the states where PyTorch raises.
import { KlBceLabState } from '../components/widgets/kl-bce-lab/kl-bce-lab.svelte.ts';
import type { CellProgram } from './cell-programs-states';

/** KL/BCE lab: softmax vs log-softmax in, 'mean' vs 'batchmean' over N × C, BCE around the clamp. */
export function klBceLabStates(): CellProgram[] {
  const states: CellProgram[] = [];
  const add = (id: string, state: KlBceLabState) =>
    states.push({ id: `kl-bce-lab/${id}`, program: state.program });

  add('log-input-default', new KlBceLabState());
  add('log-input-equal', new KlBceLabState({ student: [0.5, 1.5, 2], teacher: [0.5, 1.5, 2] }));
  add('log-input-confident', new KlBceLabState({ student: [8, -2, 0], teacher: [-1, 3, 0.25] }));

  for (const [n, c] of [
    [2, 4],
    [1, 2],
    [3, 8],
    [8, 5],
  ] as const) {
    const state = new KlBceLabState({ scenario: 'mean-batchmean' });
    state.setBatch(String(n));
    state.setClasses(String(c));
    add(`mean-batchmean-${n}x${c}`, state);
  }

  const bce = (id: string, z: number, target: number, forgotSigmoid = false) => {
    const state = new KlBceLabState({ scenario: 'bce-clamp', z, target });
    state.setForgotSigmoid(forgotSigmoid);
    add(`bce-${id}`, state);
  };
  bce('z20-y0', 20, 0);
  bce('z16-y0', 16, 0);
  bce('z17-y0', 17, 0);
  bce('z10-y1', 10, 1);
  bce('z-50-y1', -50, 1);
  bce('z-30-y1', -30, 1);
  bce('z-104-y1', -104, 1);
  bce('z-120-y0.3', -120, 0.3);
  bce('z120-y0.5', 120, 0.5);
  bce('z2.5-y0.25', 2.5, 0.25);
  bce('forgot-z20', 20, 0, true);
  bce('forgot-z-3', -3, 1, true);
  bce('forgot-z0.7', 0.7, 1, true);
  return states;
}
