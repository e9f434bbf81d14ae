// The numbers chapters quote through <CoreNumber … /> (worked examples, "Check yourself"
// answers) and the code-length figure: each is read from the chapter's own source, computed
// with the loss core as the page computes it, and checked against a value worked out
// independently here, together with the claim the prose makes about it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeLengthLayout } from '../../components/ui/code-length-figure';
import { coreValue, formatCoreValue, type CoreQuantity } from '../../components/ui/core-number';
import { expectClose } from '../../src/loss/testing/expect-close';
import { quotedCoreNumbers } from './chapter-props';

const CONTENT = join(import.meta.dirname, '../../content/en');
// A chapter with a claims file of its own (tests/claims/<slug>.test.ts) checks its numbers there.
const hasOwnClaims = (name: string) =>
  existsSync(join(import.meta.dirname, name.replace(/\.mdx$/, '.test.ts')));
const chapters = readdirSync(CONTENT)
  .filter((name) => name.endsWith('.mdx') && !hasOwnClaims(name))
  .map((name) => ({
    slug: name.replace(/\.mdx$/, ''),
    source: readFileSync(join(CONTENT, name), 'utf8'),
  }));

interface Quoted {
  readonly slug: string;
  readonly spec: CoreQuantity;
  readonly digits: number;
}

/** Every <CoreNumber … /> of every chapter, its props parsed. */
function quotedNumbers(): Quoted[] {
  return chapters.flatMap(({ slug }) => quotedCoreNumbers(slug).map((q) => ({ slug, ...q })));
}

/** A claim: a quoted number and its value worked out without the core. */
interface Claim {
  readonly slug: string;
  readonly spec: CoreQuantity;
  readonly expected: number;
  /** What the page must print, where the prose depends on the exact digits. */
  readonly printed?: string;
}

const LN = Math.log;
const LOG2 = Math.log2;
const P4 = [0.5, 0.25, 0.125, 0.125];
const REVERSED = [0.125, 0.125, 0.25, 0.5];
/** −Σ p log q over weights normalised to distributions, worked out with Math alone. */
function crossEntropyOf(p: number[], q: number[], log = LN): number {
  const [sp, sq] = [p, q].map((v) => v.reduce((a, b) => a + b, 0)) as [number, number];
  return -p.reduce((a, pi, i) => (pi === 0 ? a : a + (pi / sp) * log(q[i]! / sq)), 0);
}
const ones = (n: number) => Array.from({ length: n }, () => 1);
const zeros = (n: number) => Array.from({ length: n }, () => 0);
const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

const CLAIMS: Claim[] = [
  // cross-entropy-as-loss: the worked number and "Check yourself".
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'cross-entropy', p: [1, 0], q: [0.2, 0.8] },
    expected: -LN(0.2),
    printed: '1.61',
  },
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'cross-entropy', p: [1, 0], q: [0.9, 0.1] },
    expected: -LN(0.9),
  },
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'loss', logits: zeros(10), target: 0 },
    expected: LN(10),
    printed: '2.30',
  },
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'cross-entropy', p: [1, 0], q: [0.51, 0.49] },
    expected: -LN(0.51),
  },
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'cross-entropy', p: [1, 0], q: [0.99, 0.01] },
    expected: -LN(0.99),
  },
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'cross-entropy', p: [0.51, 0.49], q: [0.51, 0.49] },
    expected: crossEntropyOf([0.51, 0.49], [0.51, 0.49]),
  },
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'cross-entropy', p: [0.51, 0.49], q: [0.99, 0.01] },
    expected: -(0.51 * LN(0.99) + 0.49 * LN(0.01)),
  },
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'cross-entropy', p: [1, 0], q: [0.5, 0.5] },
    expected: LN(2),
  },
  {
    slug: 'cross-entropy-as-loss',
    spec: { quantity: 'cross-entropy', p: [1, 0], q: [0.2, 0.8], base: 2 },
    expected: -LOG2(0.2),
  },
  // entropy-and-kl: perplexity and "Check yourself".
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'perplexity', p: P4, q: ones(4) },
    expected: 4,
    printed: '4.00',
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'perplexity', p: P4, q: P4 },
    expected: 2 ** 1.75,
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'entropy', p: ones(3), base: 2 },
    expected: LOG2(3),
    printed: '1.585',
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'cross-entropy', p: ones(3), q: [2, 1, 1], base: 2 },
    expected: (1 + 2 + 2) / 3,
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'kl', p: ones(3), q: [2, 1, 1], base: 2 },
    expected: 5 / 3 - LOG2(3),
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'cross-entropy', p: P4, q: REVERSED, base: 2 },
    expected: 0.5 * 3 + 0.25 * 3 + 0.125 * 2 + 0.125 * 1,
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'perplexity', p: P4, q: REVERSED },
    expected: 2 ** 2.625,
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'kl', p: P4, q: REVERSED, base: 2 },
    expected: 2.625 - 1.75,
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'kl', p: [0.9, 0.1], q: [0.5, 0.5], base: 2 },
    expected: 0.9 * LOG2(0.9 / 0.5) + 0.1 * LOG2(0.1 / 0.5),
  },
  {
    slug: 'entropy-and-kl',
    spec: { quantity: 'kl', p: [0.5, 0.5], q: [0.9, 0.1], base: 2 },
    expected: 0.5 * LOG2(0.5 / 0.9) + 0.5 * LOG2(0.5 / 0.1),
  },
  // softmax-and-logits: "Check yourself".
  ...[0, 1, 2].map((index) => {
    const roots = [0.5, 0.3, 0.2].map(Math.sqrt);
    return {
      slug: 'softmax-and-logits',
      spec: { quantity: 'tempered', p: [0.5, 0.3, 0.2], temperature: 2, index },
      expected: roots[index]! / roots.reduce((a, b) => a + b, 0),
    } as const;
  }),
  {
    slug: 'softmax-and-logits',
    spec: { quantity: 'log-sum-exp', logits: [2, 1, 0.1] },
    expected: LN(Math.exp(2) + Math.exp(1) + Math.exp(0.1)),
  },
  {
    slug: 'softmax-and-logits',
    spec: { quantity: 'log-sum-exp', logits: [2, 2, 2] },
    expected: 2 + LN(3),
  },
  ...[0, 1, 2].map(
    (index) =>
      ({
        slug: 'softmax-and-logits',
        spec: { quantity: 'softmax', logits: [1000, 1001, 1002], index },
        expected: Math.exp(index) / (1 + Math.E + Math.exp(2)),
      }) as const,
  ),
  {
    slug: 'softmax-and-logits',
    spec: { quantity: 'softmax', logits: [3, 1], index: 0 },
    expected: sigmoid(2),
  },
  // gradient-of-cross-entropy: "Check yourself".
  {
    slug: 'gradient-of-cross-entropy',
    spec: { quantity: 'loss', logits: [0, 0, 10], target: 0 },
    expected: LN(2 + Math.exp(10)),
  },
  ...[0, 1, 2].map((index) => {
    const z = 2 + Math.exp(10);
    const yHat = [1 / z, 1 / z, Math.exp(10) / z];
    return {
      slug: 'gradient-of-cross-entropy',
      spec: { quantity: 'gradient', logits: [0, 0, 10], target: 0, index },
      expected: yHat[index]! - (index === 0 ? 1 : 0),
    } as const;
  }),
  ...[0, 1, 2].map(
    (index) =>
      ({
        slug: 'gradient-of-cross-entropy',
        spec: { quantity: 'gradient', logits: [0, 0, 0], target: 0, index, labelSmoothing: 0.3 },
        expected: 1 / 3 - [0.8, 0.1, 0.1][index]!,
      }) as const,
  ),
  // exponential-family: "Check yourself".
  {
    slug: 'exponential-family',
    spec: { quantity: 'bce-with-logits', logit: 2, target: 1 },
    expected: Math.log1p(Math.exp(-2)),
  },
  {
    slug: 'exponential-family',
    spec: { quantity: 'loss', logits: [2, 0], target: 0 },
    expected: Math.log1p(Math.exp(-2)),
  },
];

/** A spec's props in one spelling, whatever order the chapter writes them in. */
const canonical = (spec: CoreQuantity) => JSON.stringify(spec, Object.keys(spec).sort());

/** The claim about one quoted number, matched on its chapter and props. */
function claimFor(quoted: Quoted): Claim | undefined {
  return CLAIMS.find((c) => c.slug === quoted.slug && canonical(c.spec) === canonical(quoted.spec));
}

/** The core's value of a claim's quantity, as CoreNumber computes it. */
const core = (spec: CoreQuantity) => coreValue(spec);

describe('numbers the chapters quote through CoreNumber', () => {
  const quoted = quotedNumbers();

  it('every quoted number has a claim here, and every claim is quoted by its chapter', () => {
    expect(quoted.length).toBeGreaterThan(30);
    const unclaimed = quoted.filter((q) => claimFor(q) === undefined);
    expect(unclaimed.map((q) => `${q.slug}: ${canonical(q.spec)}`)).toEqual([]);
    const unquoted = CLAIMS.filter((c) => !quoted.some((q) => claimFor(q) === c));
    expect(unquoted.map((c) => `${c.slug}: ${canonical(c.spec)}`)).toEqual([]);
  });

  it('none stands alone on a line, where MDX would set it as a paragraph of its own', () => {
    const alone = chapters.flatMap(({ slug, source }) =>
      source
        .split('\n')
        .filter((line) => /^\s*<CoreNumber[^>]*\/>\s*$/.test(line))
        .map((line) => `${slug}: ${line.trim()}`),
    );
    expect(alone).toEqual([]);
  });

  it('the core computes each of them as worked out by hand, and prints the digits the prose needs', () => {
    for (const q of quoted) {
      const claim = claimFor(q)!;
      expectClose(core(q.spec), claim.expected, { rtol: 1e-12, atol: 1e-15 });
      if (claim.printed !== undefined) {
        expect(formatCoreValue(core(q.spec), q.digits)).toBe(claim.printed);
      }
    }
  });
});

describe('the claims made about those numbers', () => {
  it('chapter 1: ŷ_k = 0.2 costs 1.61 nats, and doubling ŷ_k saves log 2 wherever it starts', () => {
    const loss = (yk: number) => core({ quantity: 'cross-entropy', p: [1, 0], q: [yk, 1 - yk] });
    expect(formatCoreValue(loss(0.2), 2)).toBe('1.61');
    expectClose(loss(0.01) - loss(0.02), LN(2), { rtol: 1e-12, atol: 0 });
    expectClose(loss(0.4) - loss(0.8), LN(2), { rtol: 1e-12, atol: 0 });
  });

  it('chapter 1: under P* = (0.51, 0.49) the calibrated model beats the confident one', () => {
    const p = [0.51, 0.49];
    const calibrated = core({ quantity: 'cross-entropy', p, q: p });
    const confident = core({ quantity: 'cross-entropy', p, q: [0.99, 0.01] });
    expect(calibrated).toBeLessThan(confident);
  });

  it('chapter 1: a float32 product of a thousand likelihoods of ½ is exactly 0, its log-sum is not', () => {
    let product = Math.fround(1);
    for (let n = 0; n < 1000; n += 1) product = Math.fround(product * 0.5);
    expect(product).toBe(0);
    expect(2 ** -1000).toBeGreaterThan(0);
  });

  it('chapter 2: a whole-bit code for three equiprobable classes spends more than log₂ 3', () => {
    const h = core({ quantity: 'entropy', p: ones(3), base: 2 });
    const spent = core({ quantity: 'cross-entropy', p: ones(3), q: [2, 1, 1], base: 2 });
    expect(spent).toBeGreaterThan(h);
  });

  it('chapter 2: the reversed model is more perplexed than knowing nothing, and PPL factors as e^H · e^KL', () => {
    const wrong = core({ quantity: 'perplexity', p: P4, q: REVERSED });
    expect(wrong).toBeGreaterThan(core({ quantity: 'perplexity', p: P4, q: ones(4) }));
    const own = core({ quantity: 'perplexity', p: P4, q: P4 });
    const kl = core({ quantity: 'kl', p: P4, q: REVERSED });
    expectClose(wrong, own * Math.exp(kl), { rtol: 1e-12, atol: 0 });
  });

  it('chapter 2: D_KL(q‖p) exceeds D_KL(p‖q) for p = (0.9, 0.1), q = uniform', () => {
    const forward = core({ quantity: 'kl', p: [0.9, 0.1], q: [0.5, 0.5] });
    const backward = core({ quantity: 'kl', p: [0.5, 0.5], q: [0.9, 0.1] });
    expect(backward).toBeGreaterThan(forward);
  });

  it('chapter 2: the code-length figure’s bars have widths −log₂ p and total area H(p)', () => {
    const source = chapters.find((c) => c.slug === 'entropy-and-kl')!.source;
    const tag = /<CodeLengthFigure([^>]*)\/>/.exec(source)?.[1] ?? '';
    expect(tag).toContain(`p={${JSON.stringify(P4).replaceAll(',', ', ')}}`);
    expect(tag).toContain('q={[1, 1, 1, 1]}');
    const layout = codeLengthLayout(P4, ['a', 'b', 'c', 'd'], ones(4));
    layout.bars.forEach((bar, i) => {
      expectClose(bar.length, [1, 2, 3, 3][i]!, { rtol: 1e-14, atol: 0 });
      expectClose(bar.comparisonLength!, 2, { rtol: 1e-14, atol: 0 });
    });
    expectClose(layout.entropyBits, 1.75, { rtol: 1e-14, atol: 0 });
    expectClose(layout.crossEntropyBits!, 2, { rtol: 1e-14, atol: 0 });
  });

  it('chapter 3: tempering at T = 2 flattens P = (0.5, 0.3, 0.2) and keeps its order', () => {
    const q = [0, 1, 2].map((index) =>
      core({ quantity: 'tempered', p: [0.5, 0.3, 0.2], temperature: 2, index }),
    );
    expect(q[0]!).toBeLessThan(0.5);
    expect(q[2]!).toBeGreaterThan(0.2);
    expect(q[0]!).toBeGreaterThan(q[1]!);
    expect(q[1]!).toBeGreaterThan(q[2]!);
  });

  it('chapter 3: max ≤ LSE ≤ max + log C, with equality on the right for equal logits', () => {
    const lse = core({ quantity: 'log-sum-exp', logits: [2, 1, 0.1] });
    expect(lse).toBeGreaterThanOrEqual(2);
    expect(lse).toBeLessThanOrEqual(core({ quantity: 'log-sum-exp', logits: [2, 2, 2] }));
  });

  it('chapter 4: the confidently wrong gradient has L¹ norm 2(1 − ŷ₁), within 1e-4 of 2', () => {
    const g = [0, 1, 2].map((index) =>
      core({ quantity: 'gradient', logits: [0, 0, 10], target: 0, index }),
    );
    const norm = g.reduce((a, b) => a + Math.abs(b), 0);
    expectClose(norm, 2 * -g[0]!, { rtol: 1e-12, atol: 0 });
    expect(2 - norm).toBeLessThan(1e-4);
    expect(2 - norm).toBeGreaterThan(0);
  });

  it('chapter 4: with smoothing 0.3 the gradient vanishes at the margin log 8', () => {
    const logits = [LN(8), 0, 0];
    [0, 1, 2].forEach((index) => {
      const g = core({ quantity: 'gradient', logits, target: 0, index, labelSmoothing: 0.3 });
      expect(Math.abs(g)).toBeLessThan(1e-15);
    });
  });
});
