import { describe, expect, it, vi } from 'vitest';
import { oneHot } from '../../../src/loss/index';
import { centralDifference } from '../shared/finite-difference';
import {
  expectHostileLinksHarmless,
  expectRefused,
  expectRoundTrip,
  restoreLink,
} from '../shared/shareable-testing';
import { MAX_STEPS } from './helpers';
import {
  CLASSES,
  dataSet,
  forward,
  initialWeights,
  parameterGradients,
  POINTS,
  type Weights,
} from './model';
import {
  LOSSES,
  lossAndGradient,
  programLosses,
  targetsOf,
  TrainingRaceState,
} from './training-race.svelte.ts';

/** |actual − expected| ≤ atol + rtol·|expected|, entry by entry. */
function expectNear(
  actual: readonly number[],
  expected: readonly number[],
  rtol: number,
  atol: number,
): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    expect(Math.abs(a - e), `entry ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(
      atol + rtol * Math.abs(e),
    );
  });
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
        expectNear([...w, ...b], numeric, 1e-6, 1e-8);
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

  it('are the race’s own first losses', () => {
    const state = new TrainingRaceState({ seed: 9, learningRate: 2, init: 'confidently-wrong' });
    state.step(10);
    const first = programLosses(9, 'confidently-wrong', 2);
    for (const loss of LOSSES) expect(state.curves[loss].slice(0, 5)).toEqual(first[loss]);
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
    expect(race.error).toBe('seed: “1.5” is not a whole number. Still using 1.');
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

  it('plays by animation frames until paused, and steps once instead under reduced motion', () => {
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
      race.pause();
      frames.shift()?.(32);
      expect(race.steps).toBe(4);
      expect(race.playing).toBe(false);
      race.reducedMotion = true;
      race.play();
      expect(race.playing).toBe(false);
      expect(race.steps).toBe(5);
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
