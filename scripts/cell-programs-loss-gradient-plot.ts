// Loss and gradient plot states whose PyTorch programs are checked against real PyTorch: the
// chapter's start, the point dragged across the whole axis (where squared error's gradient
// shrinks to e-notation), other logits and class counts, each set as a reader would set it.
import { LossGradientPlotState } from '../components/widgets/loss-gradient-plot/loss-gradient-plot.svelte.ts';
import type { CellProgram } from './cell-programs-states';

/** Loss and gradient plot: the chapter's start, the swept logit's ends and middle, other logits and class counts. */
export function lossGradientPlotStates(): CellProgram[] {
  const states: CellProgram[] = [];
  const add = (id: string, state: LossGradientPlotState) =>
    states.push({ id: `loss-gradient-plot/${id}`, program: state.program });
  add('default', new LossGradientPlotState({ logits: [-4, 2, 0], trueClass: 0 }));
  for (const t of [-8, -6.3, -0.1, 0, 0.7, 3, 8]) {
    const state = new LossGradientPlotState({ logits: [-4, 2, 0], trueClass: 0 });
    state.setTrueLogit(t);
    add(`true-logit-${t}`, state);
  }
  const even = new LossGradientPlotState({ logits: [-4, 2, 0], trueClass: 0 });
  even.setLogit(1, '0');
  add('wrong-classes-even', even);
  const far = new LossGradientPlotState({ logits: [-4, 2, 0], trueClass: 0 });
  far.setLogit(1, '8');
  far.setLogit(2, '-8');
  far.setTrueLogit(-8);
  add('confidently-wrong-extreme', far);
  const typedBad = new LossGradientPlotState({ logits: [-4, 2, 0], trueClass: 0 });
  typedBad.setLogit(2, '1e9'); // refused by the field: the program keeps the last valid logits
  add('field-refused', typedBad);
  add('two-classes', new LossGradientPlotState({ logits: [-3, 3], trueClass: 0 }));
  add(
    'eight-classes',
    new LossGradientPlotState({ logits: [0.5, -1, 2, 0, 1.25, -7.5, 3, 0.1], trueClass: 5 }),
  );
  return states;
}
