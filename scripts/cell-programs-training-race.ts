// Training race states whose PyTorch programs are checked against real PyTorch: seeds, learning
// rates from timid to reckless, both ends of the fields' ranges, and the confidently wrong start,
// each set as a reader would.
import { TrainingRaceState } from '../components/widgets/training-race/training-race.svelte.ts';
import type { CellProgram } from './cell-programs-states';

/** Training race: the chapter's start, other seeds, learning rates and the confidently wrong start. */
export function trainingRaceStates(): CellProgram[] {
  const states: CellProgram[] = [];
  const add = (id: string, state: TrainingRaceState) =>
    states.push({ id: `training-race/${id}`, program: state.program });
  add('default', new TrainingRaceState());
  for (const seed of ['2', '7', '12345', '4294967295']) {
    const state = new TrainingRaceState();
    state.setSeed(seed);
    add(`seed-${seed}`, state);
  }
  for (const learningRate of ['0.1', '3', '25']) {
    const state = new TrainingRaceState();
    state.setLearningRate(learningRate);
    add(`learning-rate-${learningRate}`, state);
  }
  for (const learningRate of ['1', '0.3', '10']) {
    const state = new TrainingRaceState();
    state.setInit('confidently-wrong');
    state.setLearningRate(learningRate);
    add(`confidently-wrong-${learningRate}`, state);
  }
  // Both ends of the fields' ranges: seed 0 and η = 100, whose losses PyTorch prints in
  // scientific notation over two lines.
  const extremes = new TrainingRaceState();
  extremes.setSeed('0');
  extremes.setLearningRate('100');
  add('seed-0-learning-rate-100', extremes);
  return states;
}
