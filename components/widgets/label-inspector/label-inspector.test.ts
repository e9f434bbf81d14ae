import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expectHostileLinksHarmless,
  expectRefused,
  expectRoundTrip,
} from '../shared/shareable-testing';
import { PRESETS } from './helpers';
import { LabelInspectorState } from './label-inspector.svelte.ts';

/** What PyTorch 1.13 printed for each recorded inspector state (scripts/cell-programs.json). */
const recorded = new Map(
  (
    JSON.parse(
      readFileSync(new URL('../../../scripts/cell-programs.json', import.meta.url), 'utf8'),
    ) as { id: string; code: string; printed?: string }[]
  ).map((e) => [e.id, e]),
);
const pytorch = (id: string) => recorded.get(`label-inspector/${id}`)?.printed;

describe('LabelInspectorState', () => {
  it('starts from indices [2, 0, 3]: index path, the same loss by both paths, as PyTorch printed', () => {
    const state = new LabelInspectorState();
    expect(state.inspection.path).toBe('indices');
    expect(state.inspection.failure).toBeNull();
    const { index, probability } = state.inspection.both;
    expect(index).not.toBeNull();
    expect(probability).toBeCloseTo(index as number, 6);
    expect(state.program.printed).toBe(pytorch('preset-indices'));
    expect(state.program.printed.split('\n')).toEqual([
      'torch.Size([3]) torch.int64',
      'tensor(1.7028)',
      'tensor([[0., 0., 1., 0.],',
      '        [1., 0., 0., 0.],',
      '        [0., 0., 0., 1.]])',
      'tensor(1.7028)',
    ]);
  });

  it('lists the logits and the target in use, as Python lists, for the printed caption', () => {
    const state = new LabelInspectorState({
      logits: [
        [1, -2],
        [0.5, 0],
      ],
      target: '[1, 0]',
    });
    expect(state.parameters).toBe('logits x = [[1, -2], [0.5, 0]], target = [1, 0] as int64');
    state.setDtype('float32');
    state.setTarget('[[0.25, 0.75], [1, 0]]');
    expect(state.parameters).toBe(
      'logits x = [[1, -2], [0.5, 0]], target = [[0.25, 0.75], [1, 0]] as float32',
    );
    state.setTarget('[[0.25, ');
    expect(state.parameters).toContain('target = [[0.25, 0.75], [1, 0]] as float32');
  });

  it('prints PyTorch’s exact error for each classic mistake, after the fixes that work', () => {
    const errors: Record<string, string> = {
      'float-indices': 'RuntimeError: expected scalar type Long but found Float',
      'int-one-hot':
        'RuntimeError: Expected floating point type for target with class probabilities, got Long',
      short: 'ValueError: Expected input batch_size (3) to match target batch_size (2).',
      'out-of-range': 'IndexError: Target 4 is out of bounds.',
    };
    for (const [id, line] of Object.entries(errors)) {
      const state = new LabelInspectorState();
      state.preset(id);
      expect(state.inspection.failure).toBe(line);
      expect(state.program.printed.split('\n').at(-1)).toBe(line);
      expect(state.program.printed).toBe(pytorch(`preset-${id}`));
    }
    const floats = new LabelInspectorState();
    floats.preset('float-indices');
    expect(floats.program.code).toContain('target.long()');
    const ints = new LabelInspectorState();
    ints.preset('int-one-hot');
    expect(ints.program.code).toContain('target.float()');
    expect(ints.inspection.path).toBe('probabilities');
  });

  it('shows a soft target’s argmax loss beside its own, and says argmax lost information', () => {
    const state = new LabelInspectorState();
    state.preset('soft');
    expect(state.inspection.path).toBe('probabilities');
    expect(state.inspection.forms.lossless).toBe(false);
    expect(state.inspection.both.index).not.toBeCloseTo(state.inspection.both.probability ?? 0, 3);
    expect(state.program.printed).toBe(pytorch('preset-soft'));
  });

  it('runs ignore_index −100 through the loss, then shows F.one_hot refusing it', () => {
    const state = new LabelInspectorState();
    state.preset('ignored');
    expect(state.inspection.failure).toBeNull();
    expect(state.inspection.conversionFailure).toBe(
      'RuntimeError: Class values must be non-negative.',
    );
    expect(state.program.printed).toBe(pytorch('preset-ignored'));
    expect(state.summary).toMatch(/Converting it fails with RuntimeError: Class values/);
  });

  it('shows the index loss of ignore_index −100, the one PyTorch prints above the error', () => {
    const state = new LabelInspectorState();
    state.preset('ignored');
    const printedLoss = /tensor\((\d+\.\d+)\)/.exec(pytorch('preset-ignored') ?? '')?.[1];
    expect(state.inspection.both.index?.toFixed(4)).toBe(printedLoss);
    expect(state.inspection.both.probability).toBeNull();
  });

  it('reads an (N, 1) column of whole numbers as indices: squeeze(1) first, no argmax loss', () => {
    for (const dtype of ['int64', 'float32'] as const) {
      const state = new LabelInspectorState({ target: '[[2], [0], [3]]', dtype });
      expect(state.inspection.failure).toBe(
        'RuntimeError: 0D or 1D target tensor expected, multi-target not supported',
      );
      expect(state.program.code).toContain(
        dtype === 'int64' ? 'target.squeeze(1))' : 'target.squeeze(1).long())',
      );
      expect(state.inspection.forms.rows.map((r) => r.index)).toEqual([2, 0, 3]);
      expect(state.inspection.forms.note).toMatch(/squeeze\(1\)/);
      // The index loss is the squeezed indices' loss, the one the program prints first.
      const squeezed = new LabelInspectorState({ target: '[2, 0, 3]' });
      expect(state.inspection.both.index).toBe(squeezed.inspection.both.index);
    }
    const state = new LabelInspectorState();
    state.preset('column');
    expect(state.program.printed).toBe(pytorch('preset-column'));
  });

  it('keeps the reader’s text and the last readable target while the text cannot be read', () => {
    const state = new LabelInspectorState();
    const before = state.program;
    expect(state.setTarget('[2, 0,')).toBe(false);
    expect(state.targetText).toBe('[2, 0,');
    expect(state.error).toMatch(/^Target/);
    expect(state.program).toEqual(before);
    state.setDtype('float32');
    state.setTarget('[[0.5, 0.5, 0, 0]]');
    expect(state.error).toBeNull();
    state.setDtype('int64');
    expect(state.error).toMatch(/0.5 is not one/);
    expect(state.appliedDtype).toBe('float32');
    expect(state.setLogits('[[1, 2], [3]]')).toBe(false);
    expect(state.error).toMatch(/^Logits x: row 2/);
  });

  it('refuses bad props with a message naming the prop', () => {
    expect(() => new LabelInspectorState({ logits: [[1]] })).toThrow(
      /logits must be readable.*1 × 1/,
    );
    expect(() => new LabelInspectorState({ logits: [[1, 2], [3]] })).toThrow(/one length/);
    expect(() => new LabelInspectorState({ logits: [[1, NaN]] })).toThrow(/not a number/);
    expect(() => new LabelInspectorState({ target: '[2, 0' })).toThrow(/target must be/);
    expect(() => new LabelInspectorState({ target: '[0.5]', dtype: 'int64' })).toThrow(/target/);
  });

  it('every preset computes without throwing, and its summary names the path', () => {
    for (const preset of PRESETS) {
      const state = new LabelInspectorState();
      state.preset(preset.id);
      expect(state.summary).toMatch(/PyTorch reads class (indices|probabilities)/);
      expect(state.program.printed).toBe(pytorch(`preset-${preset.id}`));
    }
  });
});

describe('LabelInspectorState in a link', () => {
  const changed = () => {
    const state = new LabelInspectorState();
    state.setLogits('[[1, 2, 3], [0.5, -1, 2]]');
    state.setDtype('float32');
    state.setTarget('[[0.2, 0.3, 0.5], [1, 0, 0]]');
    return state;
  };

  it('restores logits, target and dtype into a fresh cell', () => {
    expectRoundTrip(
      changed(),
      () => new LabelInspectorState(),
      (s) => s.program,
    );
  });

  it('refuses malformed links and changes nothing', () => {
    const state = new LabelInspectorState();
    const good = state.shareState();
    expectRefused(state, { ...good, d: 'float16' }, /“d” must be one of int64, float32/);
    expectRefused(state, { ...good, t: '[0.5]', d: 'int64' }, /0.5 is not one/);
    expectRefused(state, { ...good, t: 'eval(1)' }, /“t”/);
    expectRefused(state, { ...good, x: '1,2;3,4,5' }, /rows of one length/);
    expectRefused(state, { ...good, x: '1' }, /“x” must have 2–8 numbers/);
  });

  it('survives hostile links', () => {
    expectHostileLinksHarmless(() => new LabelInspectorState(), {
      keys: ['x', 't', 'd'],
      words: ['int64', 'float32', '[2, 0, 3]', '[[0, 1], [1, 0]]'],
      outputs: (s) => [s.program, s.summary],
      numRuns: 100,
    });
  }, 30_000);
});
