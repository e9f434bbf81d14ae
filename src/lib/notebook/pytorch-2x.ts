// Hosted notebooks (Colab, Kaggle, a fresh `pip install torch`) run PyTorch 2.x, while every
// output stored in a chapter's notebook comes from PyTorch 1.13. This names, for the programs of
// one notebook, what 2.x is known to print differently: the [2.x] notes and the table of
// section 11 of the project's PyTorch reference (BCE's target check and log1p, BCEWithLogits'
// log_sigmoid, nll_loss's 1-D quirk, Half on CPU), each matched by the calls that reach it.

/** One difference: the calls that reach it and what 2.x does instead. */
interface Difference {
  readonly calls: RegExp;
  readonly note: string;
}

const DIFFERENCES: readonly Difference[] = [
  {
    // binary_cross_entropy( but not binary_cross_entropy_with_logits(, and nn.BCELoss.
    calls: /\bbinary_cross_entropy\(|\bBCELoss\(/,
    note:
      '`binary_cross_entropy` / `BCELoss`: 2.x builds since 2023 (2.2.1 has it) refuse a target outside [0, 1] with ' +
      '`RuntimeError: all elements of target should be between 0 and 1`, where 1.13 computes a ' +
      'loss; and 2.x computes log(1 − p) as log1p(−p), so a full-precision float may differ in its last digits.',
  },
  {
    calls: /\bbinary_cross_entropy_with_logits\(|\bBCEWithLogitsLoss\(/,
    note:
      '`binary_cross_entropy_with_logits` / `BCEWithLogitsLoss`: since 2.3 it is computed with ' +
      '`log_sigmoid`, within about 1e-13 of 1.13 relative, so only the last digits of a ' +
      'full-precision float can differ; its NaN and infinity cases are the same.',
  },
  {
    calls: /\bnll_loss\(|\bNLLLoss\(/,
    note:
      '`nll_loss` / `NLLLoss`: a 1-D input with a 1-D target of the same length, which 1.13 ' +
      'accepts and reads as target[0], is refused by recent 2.x builds.',
  },
  {
    calls: /\b(?:float16|half)\b/,
    note:
      'float16 on the CPU: 1.13 refuses `log_softmax` (hence `cross_entropy`) for Half; 2.x ' +
      'runs `nll_loss` and BCE on Half tensors.',
  },
];

/** Things 2.x keeps as 1.13 has them, worth saying because readers expect them to have changed. */
const UNCHANGED: readonly Difference[] = [
  {
    calls: /\bkl_div\(|\bKLDivLoss\(/,
    note:
      "`kl_div` / `KLDivLoss` are unchanged: `reduction='mean'` is still the default, still " +
      'divides by every element and still warns (on standard error, which a notebook shows but does not store here).',
  },
];

/** What PyTorch 2.x prints differently for these programs, one sentence per difference. */
export function pytorch2xDifferences(programs: readonly string[]): {
  readonly differs: string[];
  readonly unchanged: string[];
} {
  const reached = (d: Difference) => programs.some((code) => d.calls.test(code));
  return {
    differs: DIFFERENCES.filter(reached).map((d) => d.note),
    unchanged: UNCHANGED.filter(reached).map((d) => d.note),
  };
}

/**
 * The first cell's paragraph about where the outputs come from and what 2.x changes; it tells of
 * the `raises-exception` tag only when a cell of this notebook carries it.
 */
export function outputsNote(programs: readonly string[], raising = 0): string {
  if (programs.length === 0) {
    return (
      'This chapter has no PyTorch program, so this notebook has no code cells; ' +
      'the other chapters’ notebooks have them, with outputs recorded in PyTorch 1.13.'
    );
  }
  const { differs, unchanged } = pytorch2xDifferences(programs);
  const lines = [
    `The ${programs.length === 1 ? 'output stored under the code cell was' : `outputs stored under the ${programs.length} code cells were`} printed by ` +
      'PyTorch 1.13 on the CPU, and each cell runs on its own (it imports what it uses). ' +
      (raising === 0
        ? ''
        : `${raising === 1 ? 'The cell that demonstrates an error carries' : `The ${raising} cells that demonstrate an error carry`} ` +
          'the `raises-exception` tag, so "Run all" goes on past it. ') +
      'Hosted notebooks run PyTorch 2.x, where:',
    '',
  ];
  if (differs.length === 0) {
    lines.push('- nothing these programs call is known to print differently.');
  } else {
    lines.push(...differs.map((d) => `- ${d}`));
  }
  lines.push(...unchanged.map((u) => `- ${u}`));
  if (differs.length > 0) {
    lines.push('- nothing else these programs call is known to print differently.');
  }
  return lines.join('\n');
}
