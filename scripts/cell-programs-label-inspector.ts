// Label-format inspector states checked against PyTorch 1.13: every preset (the three forms and
// the classic mistakes), plus shapes, dtypes and values that reach each of PyTorch's messages.
import { LabelInspectorState } from '../components/widgets/label-inspector/label-inspector.svelte.ts';
import { PRESETS, type TargetDType } from '../components/widgets/label-inspector/helpers';
import type { CellProgram } from './cell-programs-states';

/** Every preset, then targets typed by hand, valid and invalid. */
export function labelInspectorStates(): CellProgram[] {
  const states: CellProgram[] = [];
  const add = (id: string, state: LabelInspectorState) =>
    states.push({ id: `label-inspector/${id}`, program: state.program });
  for (const preset of PRESETS) {
    const state = new LabelInspectorState();
    state.preset(preset.id);
    add(`preset-${preset.id}`, state);
  }
  const typed: [string, string, TargetDType][] = [
    ['negative-one', '[2, -1, 3]', 'int64'],
    ['rows-of-three', '[[0, 0, 1], [1, 0, 0], [0, 1, 0]]', 'float32'],
    ['rows-of-three-int', '[[0, 0, 1], [1, 0, 0], [0, 1, 0]]', 'int64'],
    ['column', '[[2], [0], [3]]', 'int64'],
    ['column-float', '[[2], [0], [3]]', 'float32'],
    ['column-short', '[[2], [0]]', 'int64'],
    ['column-out-of-range', '[[2], [0], [4]]', 'int64'],
    ['all-ignored', '[-100, -100, -100]', 'int64'],
    ['float-fractions', '[0.5, 1.5, 2.5]', 'float32'],
    ['unnormalised-rows', '[[1, 1, 2, 0], [0, 3, 0, 0], [0.5, -0.5, 0, 1]]', 'float32'],
    ['too-many-labels', '[2, 0, 3, 1]', 'int64'],
    [
      'smoothed',
      '[[0.025, 0.025, 0.925, 0.025], [0.925, 0.025, 0.025, 0.025], [0.025, 0.025, 0.025, 0.925]]',
      'float32',
    ],
  ];
  for (const [id, text, dtype] of typed) {
    add(id, new LabelInspectorState({ target: text, dtype }));
  }
  add(
    'two-classes',
    new LabelInspectorState({
      logits: [
        [1.5, -0.5],
        [0, 2],
      ],
      target: '[1, 1]',
      dtype: 'int64',
    }),
  );
  add(
    'one-row-soft',
    new LabelInspectorState({
      logits: [[3, -1, 0.25]],
      target: '[[0.2, 0.3, 0.5]]',
      dtype: 'float32',
    }),
  );
  return states;
}
