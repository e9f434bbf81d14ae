// The label-formats chapter's numbers and claims: every <CoreNumber … /> it quotes, worked out
// here with Math alone from the formulas the chapter states ((7.1)–(7.7)); each PyTorch error
// line it quotes, found in what real PyTorch 1.13 printed for the inspector's states; and the
// inspector's first state against the prose.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTE_EXITS } from '../../components/ui/label-route';
import { PRESETS } from '../../components/widgets/label-inspector/helpers';
import { LabelInspectorState } from '../../components/widgets/label-inspector/label-inspector.svelte.ts';
import { formatFixed } from '../../components/widgets/shared/format';
import { coreValue, formatCoreValue, type CoreQuantity } from '../../components/ui/core-number';
import { expectClose } from '../../src/loss/testing/expect-close';
import { quotedCoreNumbers } from './chapter-props';

const SLUG = 'label-formats';
const source = readFileSync(new URL(`../../content/en/${SLUG}.mdx`, import.meta.url), 'utf8');

const quoted = quotedCoreNumbers(SLUG);

/** The inspector's default logits, which the chapter's numbers use. */
const X = [
  [2, 1, 0.1, -1],
  [0.5, 2.5, -0.5, 0],
  [1, 0, 0.3, 2],
];

/** log ŷ of one row with Math alone: o − log Σ exp o. */
const logSoftmaxRow = (o: readonly number[]) => {
  const lse = Math.log(o.reduce((a, v) => a + Math.exp(v), 0));
  return o.map((v) => v - lse);
};

interface Batch {
  readonly targets: readonly number[];
  readonly weight?: readonly number[];
  readonly labelSmoothing?: number;
  readonly reduction?: 'mean' | 'sum';
}

/** The index path, (7.4) with smoothing (7.7): Σ ℓ_n / Σ w[k_n] for 'mean'; −100 is ignored. */
function indexPath({ targets, weight, labelSmoothing = 0, reduction = 'mean' }: Batch): number {
  let total = 0;
  let denominator = 0;
  X.forEach((row, n) => {
    const k = targets[n] as number;
    if (k === -100) return;
    const w = weight ?? row.map(() => 1);
    const lp = logSoftmaxRow(row);
    const smooth = lp.reduce((a, l, j) => a - (w[j] as number) * l, 0);
    total +=
      (1 - labelSmoothing) * (w[k] as number) * -(lp[k] as number) +
      (labelSmoothing / row.length) * smooth;
    denominator += w[k] as number;
  });
  return reduction === 'sum' ? total : total / denominator;
}

/** The probability path, (7.5), for the smoothed one-hot rows (7.6): Σ ℓ_n / N for 'mean'. */
function probabilityPath({
  targets,
  weight,
  labelSmoothing = 0,
  reduction = 'mean',
}: Batch): number {
  const total = X.reduce((sum, row, n) => {
    const C = row.length;
    const y = row.map((_, j) => (j === targets[n] ? 1 - labelSmoothing : 0) + labelSmoothing / C);
    const lp = logSoftmaxRow(row);
    return sum - y.reduce((a, yj, j) => a + (weight?.[j] ?? 1) * yj * (lp[j] as number), 0);
  }, 0);
  return reduction === 'sum' ? total : total / X.length;
}

/** A quoted number worked out independently of the core. */
function expected(spec: CoreQuantity): number {
  if (spec.quantity === 'weight-total') {
    return spec.targets.reduce((a, k) => a + (spec.weight[k] ?? 0), 0);
  }
  if (spec.quantity !== 'batch-loss') throw new Error(`unexpected quantity ${spec.quantity}`);
  expect(spec.logits).toEqual(X);
  const batch: Batch = {
    targets: spec.targets as number[],
    ...(spec.weight === undefined ? {} : { weight: spec.weight }),
    ...(spec.labelSmoothing === undefined ? {} : { labelSmoothing: spec.labelSmoothing }),
    reduction: spec.reduction === 'sum' ? 'sum' : 'mean',
  };
  return spec.route === 'one-hot' ? probabilityPath(batch) : indexPath(batch);
}

const LABELS = [2, 0, 3];
const W = [1, 2, 3, 4];

describe('label-formats: the numbers the chapter quotes', () => {
  it('quotes numbers, none alone on a line', () => {
    expect(quoted.length).toBeGreaterThanOrEqual(10);
    expect(source.split('\n').filter((l) => /^\s*<CoreNumber[^>]*\/>\s*$/.test(l))).toEqual([]);
  });

  it.each(quoted.map((q) => [JSON.stringify(q.spec), q] as const))(
    '%s is what the formulas give',
    (_, { spec }) => {
      expectClose(coreValue(spec), expected(spec), { rtol: 1e-12, atol: 1e-15 });
    },
  );
});

describe('label-formats: the claims', () => {
  it('without weights, one-hot and index targets give the same loss for every reduction (7.3)', () => {
    for (const reduction of ['mean', 'sum'] as const) {
      expectClose(
        indexPath({ targets: LABELS, reduction }),
        probabilityPath({ targets: LABELS, reduction }),
        { rtol: 1e-14, atol: 0 },
      );
    }
  });

  it('with weights the sums agree and the means differ by Σ w[k_n] / N', () => {
    const sum = indexPath({ targets: LABELS, weight: W, reduction: 'sum' });
    expectClose(sum, probabilityPath({ targets: LABELS, weight: W, reduction: 'sum' }), {
      rtol: 1e-14,
      atol: 0,
    });
    const totalWeight = LABELS.reduce((a, k) => a + (W[k] as number), 0);
    const index = indexPath({ targets: LABELS, weight: W });
    const probability = probabilityPath({ targets: LABELS, weight: W });
    expectClose(probability / index, totalWeight / LABELS.length, { rtol: 1e-14, atol: 0 });
    expect(probability).toBeGreaterThan(index);
  });

  it('label smoothing equals the smoothed rows: every reduction unweighted, only the sum weighted', () => {
    const eps = { targets: LABELS, labelSmoothing: 0.1 };
    expectClose(indexPath(eps), probabilityPath(eps), { rtol: 1e-14, atol: 0 });
    const weighted = { ...eps, weight: W };
    expectClose(
      indexPath({ ...weighted, reduction: 'sum' }),
      probabilityPath({ ...weighted, reduction: 'sum' }),
      { rtol: 1e-14, atol: 0 },
    );
    expect(Math.abs(indexPath(weighted) - probabilityPath(weighted))).toBeGreaterThan(1);
  });

  it('the inspector starts where the prose does: indices [2, 0, 3], the loss it quotes, both paths', () => {
    const state = new LabelInspectorState();
    const prose = formatCoreValue(
      coreValue({ quantity: 'batch-loss', logits: X, targets: LABELS }),
      4,
    );
    expect(state.logitsText).toBe(JSON.stringify(X).replace(/,/g, ', '));
    expect(formatFixed(state.inspection.both.index ?? NaN, 4)).toBe(prose);
    expect(formatFixed(state.inspection.both.probability ?? NaN, 4)).toBe(prose);
    expect(state.program.printed).toContain(`tensor(${prose})`);
  });

  it('every PyTorch error line the chapter quotes is one PyTorch 1.13 printed for an inspector state or a prose program', () => {
    const recorded = (
      JSON.parse(
        readFileSync(new URL('../../scripts/cell-programs.json', import.meta.url), 'utf8'),
      ) as { id: string; printed?: string }[]
    )
      .filter((e) => /^(label-inspector|label-formats)\//.test(e.id))
      .flatMap((e) => (e.printed ?? '').split('\n'));
    const lines = [...source.matchAll(/`((?:Runtime|Value|Index)Error: [^`]*)`/g)].map(
      (m) => m[1] as string,
    );
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) expect(recorded).toContain(line.replace(/\s+/g, ' '));
    // The route figure's exits too.
    expect(ROUTE_EXITS.length).toBeGreaterThanOrEqual(5);
    for (const line of ROUTE_EXITS) expect(recorded).toContain(line);
  });
});

describe('label-formats: the presets the prose names', () => {
  const printedBy = (id: string) => {
    const state = new LabelInspectorState();
    state.preset(id);
    return state;
  };

  it('“smoothed rows (ε = 0.1)” is (7.6) for the labels (2, 0, 3), and prints the smoothed loss', () => {
    const preset = PRESETS.find((p) => p.id === 'smoothed');
    expect(source).toContain(`**${preset?.label}**`);
    const C = 4;
    const eps = 0.1;
    const rows = LABELS.map((k) =>
      Array.from({ length: C }, (_, j) => (j === k ? 1 - eps : 0) + eps / C),
    );
    expect(JSON.parse(preset?.text ?? '')).toEqual(rows.map((r) => r.map((v) => +v.toFixed(3))));
    const smoothed = formatCoreValue(
      coreValue({ quantity: 'batch-loss', logits: X, targets: LABELS, labelSmoothing: eps }),
      4,
    );
    expect(printedBy('smoothed').program.printed).toContain(`tensor(${smoothed})`);
  });

  it('“mistake: labels of shape (N, 1)” prints the squeeze(1) fix, then the multi-target error', () => {
    const preset = PRESETS.find((p) => p.id === 'column');
    expect(source).toContain(`**${preset?.label}**`);
    const state = printedBy('column');
    expect(state.program.code).toContain('target.squeeze(1)');
    expect(state.program.printed.split('\n').at(-1)).toBe(
      'RuntimeError: 0D or 1D target tensor expected, multi-target not supported',
    );
  });
});
