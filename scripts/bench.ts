// Cross-entropy forward + backward (reduction 'mean', class-index targets) timed against
// TensorFlow.js's CPU backend doing the same work and against a bare Math.exp loop: the fused
// crossEntropyWithGrad carries the goals, the two separate calls are reported beside it.
// Run with Node 24: node scripts/bench.ts. Exits 1 when a goal is missed, naming it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as esbuild from 'esbuild';
import type { Tensor } from '../src/loss/index.ts';

type Core = typeof import('../src/loss/index.ts');
type Tf = typeof import('@tensorflow/tfjs-core');
type FloatDType = 'float64' | 'float32';

const SIZES: readonly (readonly [number, number])[] = [
  [1, 10],
  [64, 10],
  [4096, 1000],
];
const DTYPES: readonly FloatDType[] = ['float64', 'float32'];
/**
 * In float64 (the core's default dtype), tfjs must be at least this many times slower than ours,
 * at every size. Float32 rows are reported beside them: the core computes float32 in float32,
 * rounding every step as PyTorch does and, for the gradient, taking exp of the rounded
 * log-probabilities as PyTorch's backward does, which costs a second exp per entry.
 */
const MIN_TFJS_RATIO = 30;
/** At the largest size, in float64, ours may cost at most this many bare Math.exp loops. */
const MAX_BARE_RATIO = 1.2;
const SAMPLES = 9;
/** Wall-clock budget per measurement; the largest tfjs runs take at least SAMPLES + 2 calls. */
const BUDGET_MS = 1200;

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The loss core, run as Node runs it: its relative imports omit the `.ts` extension (bundler
 * style), so a resolve hook adds it. Bundling the core instead would turn its top-level `const`s
 * into `var`s and time different machine code.
 */
async function loadCore(): Promise<Core> {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier) && context.parentURL) {
        const url = new URL(`${specifier}.ts`, context.parentURL);
        if (url.protocol === 'file:' && existsSync(url)) return nextResolve(url.href, context);
      }
      return nextResolve(specifier, context);
    },
  });
  return await import('../src/loss/index.ts');
}

/**
 * tfjs-core with its gradients and the CPU backend as one ES module: the gradient registrations
 * ship only as extensionless ES modules, so esbuild bundles them into a temporary directory
 * (nothing is written to the repo).
 */
async function loadTfjs(): Promise<Tf> {
  const out = mkdtempSync(join(tmpdir(), 'loss-bench-'));
  try {
    await esbuild.build({
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'esnext',
      logLevel: 'warning',
      // ES builds throughout, so tfjs-core, its gradients and the CPU backend share one registry.
      mainFields: ['module', 'main'],
      // tfjs's Node platform calls require('util') at load; give the ES bundle a real require.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      stdin: {
        contents: [
          "export * from '@tensorflow/tfjs-core';",
          "import '@tensorflow/tfjs-core/dist/register_all_gradients';",
          "import '@tensorflow/tfjs-backend-cpu';",
        ].join('\n'),
        resolveDir: root,
        loader: 'js',
      },
      outfile: join(out, 'tfjs.mjs'),
    });
    return (await import(pathToFileURL(join(out, 'tfjs.mjs')).href)) as Tf;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), so every run sees the same inputs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Keeps every timed result observable, so no work can be optimised away. */
let sink = 0;

/** Warm a contender up and size its samples to ~BUDGET_MS/SAMPLES from the warm-up's per-call time. */
function warmUp(run: () => number): number {
  let calls = 0;
  const warmStart = performance.now();
  while (calls < 2 || performance.now() - warmStart < BUDGET_MS / 4) {
    sink += run();
    calls++;
  }
  const perCall = (performance.now() - warmStart) / calls;
  return Math.max(1, Math.round((BUDGET_MS * 0.75) / SAMPLES / perCall));
}

/** Nanoseconds per element of one sample of `reps` calls. */
function sample(run: () => number, reps: number, elements: number): number {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) sink += run();
  return ((performance.now() - t0) * 1e6) / (reps * elements);
}

/** The fastest and the median sample of each contender, in ns per element. */
interface Timing {
  readonly best: number;
  readonly median: number;
}

/**
 * Time each contender over SAMPLES samples, interleaved (one of each in turn) so all of them
 * see the same machine, after collecting the heap so none pays for another's garbage. The
 * goals are judged on the fastest sample, timeit's convention (interference only ever adds
 * time): on this shared 2-core VM whole seconds run up to 2× slow, mostly in the page faults
 * of the fresh N×C gradient buffer, and a median lands in them or not by chance. Medians are
 * printed beside the best for that reason.
 */
function nsPerElement(runs: readonly (() => number)[], elements: number): Timing[] {
  collectGarbage();
  const reps = runs.map(warmUp);
  const samples = runs.map((): number[] => []);
  for (let s = 0; s < SAMPLES; s++) {
    runs.forEach((run, i) => samples[i]!.push(sample(run, reps[i]!, elements)));
  }
  return samples.map((values) => ({ best: Math.min(...values), median: median(values) }));
}

/** Σ exp(x) over float64 logits: the floor, one Math.exp per element. */
function sumExp64(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.exp(x[i]!);
  return sum;
}

/** The same loop over float32 logits (a separate function keeps each loop monomorphic). */
function sumExp32(x: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.exp(x[i]!);
  return sum;
}

interface Row {
  readonly size: string;
  readonly dtype: FloatDType;
  readonly ours: Timing;
  readonly separate: Timing;
  readonly tfjs: Timing;
  readonly bare: Timing;
  readonly check: number;
  readonly largest: boolean;
}

/** Largest |a − b| relative to the largest |b|: how far ours is from tfjs's answer. */
function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let gap = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    gap = Math.max(gap, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? gap : gap / scale;
}

/** Name the four timings. */
const timings = ([ours, separate, tfjs, bare]: Timing[]) => ({
  ours: ours!,
  separate: separate!,
  tfjs: tfjs!,
  bare: bare!,
});

/** Time one (N, C, dtype) case for ours, tfjs and the bare loop, after checking they agree. */
function benchCase(core: Core, tf: Tf, n: number, c: number, dtype: FloatDType): Row {
  const next = random(n * 7919 + c);
  const elements = n * c;
  const values = new Float64Array(elements);
  for (let i = 0; i < elements; i++) values[i] = 8 * next() - 4;
  const classes = new Float64Array(n);
  for (let m = 0; m < n; m++) classes[m] = Math.floor(next() * c);
  const data = dtype === 'float32' ? Float32Array.from(values) : values;
  const input: Tensor = { shape: [n, c], dtype, data };
  const target: Tensor = { shape: [n], dtype: 'int64', data: classes };
  const options = { reduction: 'mean' } as const;
  const ours = () => {
    const { loss, grad } = core.crossEntropyWithGrad(input, target, options);
    return loss.data[0]! + grad.data[0]!;
  };
  const separate = () => {
    const loss = core.crossEntropy(input, target, options);
    const grad = core.crossEntropyBackward(input, target, options);
    return loss.data[0]! + grad.data[0]!;
  };

  // tfjs has no float64: it gets the same logits in float32 in both rows. Labels are one-hot
  // float32, built once; SUM_BY_NONZERO_WEIGHTS without weights is the mean over the batch.
  const logits = tf.tensor2d(Float32Array.from(data), [n, c]);
  const labels = tf.tidy(() =>
    tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(classes), 'int32'), c), 'float32'),
  );
  const lossAndGrad = tf.valueAndGrad((x: ReturnType<Tf['tensor2d']>) =>
    tf.losses.softmaxCrossEntropy(labels, x),
  );
  const tfjs = () =>
    tf.tidy(() => {
      const { value, grad } = lossAndGrad(logits);
      return value.dataSync()[0]! + grad.dataSync()[0]!;
    });

  // Same work, same answer: loss and gradient must match tfjs to float32 accuracy.
  const [tfLoss, tfGrad] = tf.tidy(() => {
    const { value, grad } = lossAndGrad(logits);
    return [value.dataSync()[0]!, grad.dataSync()] as const;
  });
  const fused = core.crossEntropyWithGrad(input, target, options);
  const check = Math.max(
    relativeGap(fused.loss.data, [tfLoss]),
    relativeGap(fused.grad.data, tfGrad),
  );

  const bare = dtype === 'float32' ? () => sumExp32(data as Float32Array) : () => sumExp64(values);
  const row: Row = {
    size: `(${n}, ${c})`,
    dtype,
    ...timings(nsPerElement([ours, separate, tfjs, bare], elements)),
    check,
    largest: n * c === Math.max(...SIZES.map(([a, b]) => a * b)),
  };
  logits.dispose();
  labels.dispose();
  return row;
}

const started = performance.now();
const core = await loadCore();
const tf = await loadTfjs();
tf.enableProdMode();
await tf.setBackend('cpu');
console.log(
  `node ${process.version}, ${cpus().length} cores, tfjs-core ${tf.version_core} on '${tf.getBackend()}'`,
);
console.log(
  `ns per element (N·C), fastest of ${SAMPLES} interleaved samples (median in brackets); tfjs always runs float32`,
);
console.log(
  [
    'size',
    'dtype',
    'withGrad ns',
    'separate ns',
    'tfjs ns',
    'bare exp ns',
    'tfjs/withGrad',
    'withGrad/bare',
    'tfjs gap',
  ]
    .map((h, i) => (i < 2 ? h.padEnd(i === 0 ? 12 : 8) : h.padStart(i < 6 ? 17 : 14)))
    .join(' '),
);
const missed: string[] = [];
for (const [n, c] of SIZES) {
  for (const dtype of DTYPES) {
    const row = benchCase(core, tf, n, c, dtype);
    const tfjsRatio = row.tfjs.best / row.ours.best;
    const bareRatio = row.ours.best / row.bare.best;
    const cell = (t: Timing) => `${t.best.toFixed(2)} (${t.median.toFixed(2)})`.padStart(17);
    console.log(
      [
        row.size.padEnd(12),
        row.dtype.padEnd(8),
        cell(row.ours),
        cell(row.separate),
        cell(row.tfjs),
        cell(row.bare),
        `${tfjsRatio.toFixed(1)}×`.padStart(14),
        bareRatio.toFixed(2).padStart(14),
        row.check.toExponential(1).padStart(14),
      ].join(' '),
    );
    if (!(row.check <= 1e-4)) {
      missed.push(`${row.size} ${dtype}: ours and tfjs disagree (relative gap ${row.check})`);
    }
    if (dtype === 'float64' && !(tfjsRatio >= MIN_TFJS_RATIO)) {
      missed.push(
        `${row.size} ${dtype}: tfjs/ours = ${tfjsRatio.toFixed(1)}, goal ≥ ${MIN_TFJS_RATIO}`,
      );
    }
    if (row.largest && dtype === 'float64' && !(bareRatio <= MAX_BARE_RATIO)) {
      missed.push(
        `${row.size} ${dtype}: ours/bare exp = ${bareRatio.toFixed(2)}, goal ≤ ${MAX_BARE_RATIO}`,
      );
    }
  }
}
console.log(
  `took ${((performance.now() - started) / 1000).toFixed(1)} s (sink ${sink.toPrecision(3)})`,
);
for (const goal of missed) console.log(`goal missed: ${goal}`);
if (missed.length === 0) console.log('all goals met');
process.exitCode = missed.length === 0 ? 0 : 1;
