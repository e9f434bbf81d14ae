import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { oneHot } from '../../../src/loss/index';
import { expectClose } from '../../../src/loss/testing/expect-close';
import { centralDifference } from '../shared/finite-difference';
import {
  expectHostileLinksHarmless,
  expectRefused,
  expectRoundTrip,
  restoreLink,
} from '../shared/shareable-testing';
import { MAX_STEPS, PROGRAM_STEPS } from './helpers';
import {
  CLASSES,
  dataSet,
  forward,
  initialWeights,
  parameterGradients,
  POINTS,
  type Weights,
} from './model';
import { LOSSES, lossAndGradient, targetsOf, TrainingRaceState } from './training-race.svelte.ts';

/** What real PyTorch 1.13 printed for the race's checked states (scripts/cell-programs.py). */
const recorded = JSON.parse(
  readFileSync(new URL('../../../scripts/cell-programs.json', import.meta.url), 'utf8'),
) as { id: string; code: string; printed: string }[];

/**
 * The numbers PyTorch printed after `<loss> tensor([`, each with half a unit of its last printed
 * digit: the most PyTorch's rounding for print can have moved it.
 */
function printedLosses(printed: string, loss: string): { values: number[]; halfUnits: number[] } {
  const body = new RegExp(`^${loss} tensor\\(\\[([^\\]]*)\\]`, 'm').exec(printed)?.[1];
  if (body === undefined) throw new Error(`no printed tensor for ${loss}: ${printed}`);
  const words = body.split(',').map((w) => w.trim());
  return {
    values: words.map(Number),
    halfUnits: words.map((w) => {
      const [mantissa = '', exponent = '0'] = w.split('e');
      const decimals = mantissa.split('.')[1]?.length ?? 0;
      return 0.5 * 10 ** (Number(exponent) - decimals);
    }),
  };
}

/** The loss of both models' shared start, as a function of the nine parameters. */
function lossOf(loss: (typeof LOSSES)[number], seed: number) {
  const data = dataSet(seed);
  const targets = targetsOf(data);
  const weightsOf = (p: readonly number[]): Weights => ({
    w: Float64Array.from(p.slice(0, 6)),
    b: Float64Array.from(p.slice(6)),
  });
  const at = (p: readonly number[]) => {
    const logits = forward(data.x, weightsOf(p), new Float64Array(POINTS * CLASSES));
    return lossAndGradient(
      loss,
      { shape: [POINTS, CLASSES], dtype: 'float64', data: logits },
      targets,
    );
  };
  return { data, at };
}

describe('lossAndGradient with the model’s algebra', () => {
  it.each(LOSSES)(
    'gives %s’s parameter gradient Xᵀg, Σg that finite differences confirm',
    (loss) => {
      for (const [init, seed] of [
        ['small', 1],
        ['confidently-wrong', 2],
      ] as const) {
        const { data, at } = lossOf(loss, seed);
        const start = initialWeights(init, seed);
        const params = [...start.w, ...start.b];
        const { w, b } = parameterGradients(data.x, at(params).gradient);
        const numeric = centralDifference((p) => at(p).loss, params);
        expectClose([...w, ...b], numeric, { rtol: 1e-6, atol: 1e-8 });
      }
    },
  );

  it('matches F.mse_loss(F.softmax(logits, 1), one_hot) at equal logits: (1/3)² and (2/3)² averaged', () => {
    const { at } = lossOf('mse', 1);
    // Zero weights: every ŷ is 1/3, so each row's squared errors are (2/3)², (1/3)², (1/3)².
    expect(at(Array.from({ length: 9 }, () => 0)).loss).toBeCloseTo((4 / 9 + 2 / 9) / 3, 15);
    expect(lossOf('cross-entropy', 1).at(Array.from({ length: 9 }, () => 0)).loss).toBeCloseTo(
      Math.log(3),
      15,
    );
  });
});

describe('targetsOf', () => {
  it('builds the one-hot rows F.one_hot builds, as float64', () => {
    const targets = targetsOf(dataSet(3));
    expect(targets.oneHot.dtype).toBe('float64');
    expect(Array.from(targets.oneHot.data)).toEqual(
      Array.from(oneHot(targets.indices, { numClasses: CLASSES }).data),
    );
  });
});

describe('programLosses', () => {
  it('prints what PyTorch 1.13 printed for the chapter’s start (seed 1, small weights, η = 1)', () => {
    // /usr/bin/python3 on the cell's program, torch 1.13.
    const state = new TrainingRaceState();
    expect(state.program.printed).toBe(
      'cross-entropy tensor([1.1665, 0.4997, 0.3743, 0.3147, 0.2784], dtype=torch.float64)\n' +
        'mse tensor([0.2375, 0.1925, 0.1553, 0.1288, 0.1106], dtype=torch.float64)',
    );
  });

  // The race's own curves (stepped by Play, Step and 100 steps), not the program's rows, against
  // the losses real PyTorch printed for the same seed, start and rate, each to its printed digits.
  it.each([
    ['confidently-wrong-10', { init: 'confidently-wrong', learningRate: 10 }],
    ['seed-0-learning-rate-100', { seed: 0, learningRate: 100 }],
    ['seed-7', { seed: 7 }],
  ] as const)('race curves agree with the losses PyTorch printed for %s', (id, props) => {
    const race = new TrainingRaceState(props);
    const entry = recorded.find((e) => e.id === `training-race/${id}`);
    expect(entry?.code, `${id}: recorded for another program`).toBe(race.program.code);
    race.step(PROGRAM_STEPS - 1);
    for (const loss of LOSSES) {
      const { values, halfUnits } = printedLosses(entry?.printed ?? '', loss);
      expect(values).toHaveLength(PROGRAM_STEPS);
      values.forEach((value, t) =>
        expectClose(race.curves[loss][t] as number, value, {
          rtol: 1e-12,
          atol: halfUnits[t] as number,
        }),
      );
    }
  });
});

describe('TrainingRaceState', () => {
  it('starts at step 0 with both models at the same loss-free start, and steps both', () => {
    const race = new TrainingRaceState();
    expect(race.steps).toBe(0);
    expect(race.accuracies['cross-entropy']).toBe(race.accuracies.mse);
    race.step();
    race.step(9);
    expect(race.steps).toBe(10);
    expect(race.curves['cross-entropy']).toHaveLength(11);
    expect(race.curves.mse).toHaveLength(11);
    expect(race.summary).toMatch(
      /^Step 10 of 1000\. Cross-entropy: loss \d\.\d{4}, accuracy \d+%\. Squared error: loss/,
    );
  });

  it('shows the race the chapter describes: from a confidently wrong start, cross-entropy recovers first', () => {
    const race = new TrainingRaceState({ init: 'confidently-wrong' });
    expect(race.accuracies['cross-entropy']).toBeLessThan(0.35);
    race.step(20);
    expect(race.accuracies['cross-entropy']).toBeGreaterThan(0.8);
    expect(race.accuracies.mse).toBeLessThan(0.5);
    race.step(MAX_STEPS);
    expect(race.accuracies.mse).toBeGreaterThan(0.8);
  });

  it('is deterministic from its seed and starts again when the seed, the rate or the start change', () => {
    const a = new TrainingRaceState({ seed: 4 });
    const b = new TrainingRaceState({ seed: 4 });
    a.step(30);
    b.step(30);
    expect(a.curves).toEqual(b.curves);
    expect(a.regions).toEqual(b.regions);
    a.setSeed('5');
    expect(a.steps).toBe(0);
    expect(a.points).not.toEqual(b.points);
    b.step(3);
    b.setLearningRate('0.5');
    expect(b.steps).toBe(0);
    b.step(3);
    b.setInit('confidently-wrong');
    expect(b.steps).toBe(0);
  });

  it('lists the seed, the rate, the start and the steps run for the printed caption', () => {
    const race = new TrainingRaceState({ seed: 4, init: 'confidently-wrong' });
    race.step(3);
    expect(race.parameters).toBe(
      `seed 4, learning rate η = 1, start 'confidently-wrong', after 3 of ${MAX_STEPS} steps`,
    );
    race.setLearningRate('0.25');
    expect(race.parameters).toBe(
      `seed 4, learning rate η = 0.25, start 'confidently-wrong', after 0 of ${MAX_STEPS} steps`,
    );
  });

  it('stops at the last step and says so', () => {
    const race = new TrainingRaceState();
    race.step(MAX_STEPS + 50);
    expect(race.steps).toBe(MAX_STEPS);
    expect(race.finished).toBe(true);
    race.step();
    expect(race.steps).toBe(MAX_STEPS);
    race.reset();
    expect(race.steps).toBe(0);
  });

  it('keeps bad text in the field, explains it and goes on with the last valid value', () => {
    const race = new TrainingRaceState();
    race.step(5);
    race.setSeed('1.5');
    expect(race.seedInput.text).toBe('1.5');
    expect(race.error).toBe('seed must be a whole number, got 1.5. Still using 1.');
    expect(race.steps).toBe(5);
    race.setSeed('-3');
    expect(race.error).toBe('seed must be at least 0, got -3. Still using 1.');
    race.setLearningRate('fast');
    expect(race.error).toContain('learning rate η: “fast” is not a number. Still using 1.');
    expect(race.learningRate).toBe(1);
    race.setSeed('2');
    race.setLearningRate('0.5');
    expect(race.error).toBeNull();
  });

  it('refuses chapter props it cannot use, naming the prop', () => {
    expect(() => new TrainingRaceState({ seed: -1 })).toThrow(
      /^TrainingRace: seed must be a whole number/,
    );
    expect(() => new TrainingRaceState({ learningRate: Number.NaN })).toThrow(/learningRate/);
    expect(() => new TrainingRaceState({ init: 'zero' as 'small' })).toThrow(/init must be one of/);
  });

  it('plays by animation frames until paused or finished, one button toggling both', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    try {
      const race = new TrainingRaceState();
      race.play();
      expect(race.playing).toBe(true);
      frames.shift()?.(0);
      frames.shift()?.(16);
      expect(race.steps).toBe(4);
      race.toggle();
      frames.shift()?.(32);
      expect(race.steps).toBe(4);
      expect(race.playing).toBe(false);
      race.toggle();
      expect(race.playing).toBe(true);
      race.step(MAX_STEPS - 5);
      frames.shift()?.(48);
      // The last frame takes the one step left and stops; Play is then a no-op.
      expect(race.steps).toBe(MAX_STEPS);
      expect(race.playing).toBe(false);
      expect(frames).toHaveLength(0);
      race.toggle();
      expect(race.playing).toBe(false);
      expect(frames).toHaveLength(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('sharing by link', () => {
  const outputs = (race: TrainingRaceState) => [race.curves, race.regions, race.program];

  it('round-trips the seed, rate, start and steps, replaying the race', () => {
    const race = new TrainingRaceState();
    race.setSeed('77');
    race.setLearningRate('0.3');
    race.setInit('confidently-wrong');
    race.step(42);
    expect(race.shareState()).toEqual({
      seed: '77',
      lr: '0.3',
      init: 'confidently-wrong',
      steps: '42',
    });
    expectRoundTrip(race, () => new TrainingRaceState(), outputs);
  });

  it('refuses a bad link whole, naming what was wrong', () => {
    const race = new TrainingRaceState();
    const valid = { seed: '3', lr: '1', init: 'small', steps: '10' };
    expectRefused(race, { ...valid, seed: '1.5' }, '“seed” must be a whole number, got 1.5');
    expectRefused(race, { ...valid, steps: '5000' }, /“steps” must be at most 1000/);
    expectRefused(
      race,
      { ...valid, init: 'random' },
      /“init” must be one of small, confidently-wrong/,
    );
    expect(restoreLink(race, valid)).toBeNull();
    expect(race.steps).toBe(10);
  });

  it('never throws on hostile links', () => {
    expectHostileLinksHarmless(() => new TrainingRaceState(), {
      keys: ['seed', 'lr', 'init', 'steps'],
      words: ['small', 'confidently-wrong'],
      outputs,
      numRuns: 100,
    });
  });
});
