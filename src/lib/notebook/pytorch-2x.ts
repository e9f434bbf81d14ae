// Hosted notebooks (Colab, Kaggle, a fresh `pip install torch`) run PyTorch 2.x, while every
// output stored in a chapter's notebook comes from PyTorch 1.13. This says, for the functions one
// notebook's programs call, what 2.x changes (the [2.x] notes and the table of section 11 of the
// project's PyTorch reference) and whether any program meets the case: a change is only worth a
// reader's worry when a stored output would print differently. Where the program text settles it
// (a target tensor literal, a reduction keyword, a log-softmax over dim 1) the note says so;
// where it does not, the note names the cells to check instead of guessing.

/** Whether a program meets a difference's case: yes, no, or the text cannot tell. */
type Meets = boolean | undefined;

/** One difference: the calls that reach it, what 2.x does instead, and which programs meet it. */
interface Difference {
  readonly calls: RegExp;
  readonly change: string;
  /** Whether a program that reaches the calls meets the case in which 2.x prints differently. */
  readonly meets: (code: string) => Meets;
  /** The case, as "none of the programs here …" and "the program in code cell [N] …" end. */
  readonly does: string;
  readonly doesNot: string;
  /** What a program meeting it prints in 2.x instead. */
  readonly effect: string;
  /** The clause for programs the text cannot settle, after "the program in code cell [N]". */
  readonly maybe?: string;
}

/** The arguments of every call `callee(…)` in the code, split at its top-level commas. */
export function callArguments(code: string, callee: RegExp): string[][] {
  const found: string[][] = [];
  const pattern = new RegExp(`${callee.source}\\s*\\(`, 'g');
  for (const match of code.matchAll(pattern)) {
    const args = splitCall(code, match.index + match[0].length);
    if (args !== undefined) found.push(args);
  }
  return found;
}

/** The top-level arguments of a call whose text starts at `start` (just after its "("). */
function splitCall(code: string, start: number): string[] | undefined {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = start; i < code.length; i += 1) {
    const c = code[i] as string;
    if (quote !== undefined) {
      current += c;
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '#') {
      // A comment runs to the end of its line; inside brackets it is no part of an argument.
      while (i < code.length && code[i] !== '\n') i += 1;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if ('([{'.includes(c)) depth += 1;
    if (')]}'.includes(c)) {
      if (depth === 0) {
        if (current.trim() !== '') args.push(current.trim());
        return args;
      }
      depth -= 1;
    }
    if (c === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
    } else current += c;
  }
  return undefined;
}

/** A keyword argument's text, or undefined. */
function keyword(args: readonly string[], name: string): string | undefined {
  const prefix = new RegExp(`^${name}\\s*=(?!=)\\s*`);
  const arg = args.find((a) => prefix.test(a));
  return arg?.replace(prefix, '');
}

const positional = (args: readonly string[]) => args.filter((a) => !/^\w+\s*=(?!=)/.test(a));

/** What a name was assigned, when the program assigns it exactly once at the top level. */
function assigned(code: string, name: string): string | undefined {
  const pattern = new RegExp(`^${name}\\s*=(?!=)`, 'gm');
  const matches = [...code.matchAll(pattern)];
  if (matches.length !== 1) return undefined;
  // The right-hand side, as the call splitter reads a one-argument call up to its line's end.
  const from = (matches[0]?.index ?? 0) + (matches[0]?.[0].length ?? 0);
  const args = splitCall(`${code.slice(from).split(/\n(?=\S)/)[0] ?? ''})`, 0);
  return args?.length === 1 ? args[0] : undefined;
}

/** An expression with names assigned once replaced by what they hold. */
function resolve(code: string, expression: string): string {
  return /^\w+$/.test(expression) ? (assigned(code, expression) ?? expression) : expression;
}

/** The numbers and the nesting depth of a `torch.tensor(<literal>, …)`, or undefined. */
function tensorLiteral(expression: string): { numbers: number[]; dims: number } | undefined {
  const match = /^torch\.tensor\s*\(/.exec(expression);
  if (match === null) return undefined;
  const data = splitCall(expression, match[0].length)?.[0];
  if (data === undefined || !/^[\s\d.eE+\-[\],]*$/.test(data)) return undefined;
  const numbers = [...data.matchAll(/-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?/g)].map((m) => Number(m[0]));
  return { numbers, dims: /^\[*/.exec(data.replace(/\s/g, ''))?.[0].length ?? 0 };
}

/** The argument lists a loss gets, as a function or as a module (built inline or named once). */
function lossCalls(code: string, fn: RegExp, module: string): string[][] {
  const calls = callArguments(code, fn);
  calls.push(...callArguments(code, new RegExp(`\\b${module}\\([^()]*\\)`)));
  for (const match of code.matchAll(
    new RegExp(`^(\\w+)\\s*=\\s*(?:torch\\.)?(?:nn\\.)?${module}\\(`, 'gm'),
  )) {
    calls.push(...callArguments(code, new RegExp(`\\b${match[1] ?? ''}`)));
  }
  return calls;
}

/** Any yes wins; else any unknown; else no. */
function anyOf(verdicts: readonly Meets[]): Meets {
  if (verdicts.includes(true)) return true;
  return verdicts.includes(undefined) ? undefined : false;
}

/** Whether a BCE call's target is a literal with a value outside [0, 1]. */
function bceTargetOutside(code: string): Meets {
  const calls = lossCalls(code, /\bbinary_cross_entropy/, 'BCELoss');
  return anyOf(
    calls.map((args) => {
      const target = keyword(args, 'target') ?? positional(args)[1];
      const literal = target === undefined ? undefined : tensorLiteral(resolve(code, target));
      return literal === undefined ? undefined : literal.numbers.some((n) => n < 0 || n > 1);
    }),
  );
}

/** Whether an nll_loss call gets a 1-D input with a 1-D target. */
function nllOneDimensional(code: string): Meets {
  const calls = lossCalls(code, /\bnll_loss/, 'NLLLoss');
  return anyOf(
    calls.map((args) => {
      const [input, target] = positional(args).map((a) => resolve(code, a));
      if (input === undefined || target === undefined) return undefined;
      // A log-softmax over dim 1 (or the module with dim=1) needs at least two dims.
      if (/\b(?:log_softmax|LogSoftmax)\s*\([^)]*\bdim\s*=\s*[1-9]/.test(input)) return false;
      const x = tensorLiteral(input);
      const y = tensorLiteral(target);
      if (x !== undefined && x.dims !== 1) return false;
      if (y !== undefined && y.dims !== 1) return false;
      return x !== undefined && y !== undefined ? true : undefined;
    }),
  );
}

/** Whether a kl_div call (or KLDivLoss module) uses reduction 'mean', the default. */
function klMean(code: string): Meets {
  const reduction = (args: readonly string[], positionalIndex: number): Meets => {
    const value = keyword(args, 'reduction');
    if (value === undefined) return positional(args).length > positionalIndex ? undefined : true;
    const literal = /^(['"])(\w+)\1$/.exec(value);
    return literal === null ? undefined : literal[2] === 'mean';
  };
  return anyOf([
    ...callArguments(code, /\bkl_div/).map((args) => reduction(args, 2)),
    ...callArguments(code, /\bKLDivLoss/).map((args) => reduction(args, 0)),
  ]);
}

/** Whether a program prints a float at full precision, where last digits show. */
function printsFullPrecision(code: string): Meets {
  return /\.item\(\)|\.tolist\(\)|\bfloat\(/.test(code) ? undefined : false;
}

const DIFFERENCES: readonly Difference[] = [
  {
    // binary_cross_entropy( but not binary_cross_entropy_with_logits(, and nn.BCELoss.
    calls: /\bbinary_cross_entropy\(|\bBCELoss\(/,
    change:
      '`binary_cross_entropy` / `BCELoss`: 2.x builds since 2023 (2.2.1 has it) refuse a target outside [0, 1] with ' +
      '`RuntimeError: all elements of target should be between 0 and 1`, where 1.13 computes a loss',
    meets: bceTargetOutside,
    does: 'passes such a target',
    doesNot: 'passes such a target (the targets lie in [0, 1])',
    effect: 'that error',
  },
  {
    calls: /\bbinary_cross_entropy\(|\bBCELoss\(/,
    change:
      '`binary_cross_entropy` / `BCELoss`: 2.x computes log(1 − p) as log1p(−p), which can change the ' +
      'last digits of a float printed at full precision (as `.item()` prints it)',
    meets: printsFullPrecision,
    does: 'prints such a float',
    doesNot: 'prints such a float (tensors print four decimals)',
    effect: 'other last digits',
    maybe: 'may print such a float (it calls `.item()`, `.tolist()` or `float()`)',
  },
  {
    calls: /\bbinary_cross_entropy_with_logits\(|\bBCEWithLogitsLoss\(/,
    change:
      '`binary_cross_entropy_with_logits` / `BCEWithLogitsLoss`: since 2.3 it is computed with ' +
      '`log_sigmoid`, within about 1e-13 of 1.13 relative, which can change only the last digits of a ' +
      'float printed at full precision; its NaN and infinity cases are the same',
    meets: printsFullPrecision,
    does: 'prints such a float',
    doesNot: 'prints such a float (tensors print four decimals)',
    effect: 'other last digits',
    maybe: 'may print such a float (it calls `.item()`, `.tolist()` or `float()`)',
  },
  {
    calls: /\bnll_loss\(|\bNLLLoss\(/,
    change:
      '`nll_loss` / `NLLLoss`: recent 2.x builds refuse a 1-D input with a 1-D target of the same ' +
      'length, which 1.13 accepts and reads as target[0]',
    meets: nllOneDimensional,
    does: 'passes such an input',
    doesNot: 'passes such an input',
    effect: 'an error',
  },
  {
    calls: /\b(?:float16|half)\b/,
    change:
      'float16 on the CPU: 1.13 refuses `log_softmax` (hence `cross_entropy`) for Half, where 2.x ' +
      'runs `nll_loss` and BCE on Half tensors',
    meets: () => true,
    does: 'uses Half',
    doesNot: 'uses Half',
    effect: 'a result where 1.13 raised, or the reverse',
  },
];

/** What a reached difference means for these programs, and which cells (1-based) print otherwise. */
export interface Finding {
  readonly note: string;
  /** Code cells whose stored output would print differently in 2.x. */
  readonly differs: readonly number[];
  /** Code cells the program text cannot settle. */
  readonly unsure: readonly number[];
}

const cellList = (cells: readonly number[]) =>
  cells.length === 1
    ? `the program in code cell [${cells[0]}]`
    : `the programs in code cells ${cells.map((n) => `[${n}]`).join(', ')}`;

/** For each 2.x change these programs reach, whether any of them meets it. */
export function pytorch2xDifferences(programs: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const d of DIFFERENCES) {
    const reached = programs.flatMap((code, i) => (d.calls.test(code) ? [i + 1] : []));
    if (reached.length === 0) continue;
    const verdicts = reached.map((n) => [n, d.meets(programs[n - 1] as string)] as const);
    const differs = verdicts.filter(([, v]) => v === true).map(([n]) => n);
    const unsure = verdicts.filter(([, v]) => v === undefined).map(([n]) => n);
    const clauses: string[] = [];
    if (differs.length > 0)
      clauses.push(`${cellList(differs)} ${d.does}, so 2.x prints ${d.effect}`);
    if (unsure.length > 0)
      clauses.push(
        d.maybe === undefined
          ? `whether ${cellList(unsure)} ${d.does} depends on values its text does not show`
          : `${cellList(unsure)} ${d.maybe}`,
      );
    if (clauses.length === 0) {
      const none = reached.length === 1 ? 'the program that calls it' : 'none of the programs here';
      clauses.push(reached.length === 1 ? `${none} never ${d.doesNot}` : `${none} ${d.doesNot}`);
    }
    findings.push({ note: `${d.change}; ${clauses.join('; ')}.`, differs, unsure });
  }
  return findings;
}

/** kl_div's 'mean' still warns in 2.x, on standard error, which the stored outputs leave out. */
function klNote(programs: readonly string[]): string | undefined {
  const mean = programs.flatMap((code, i) =>
    /\bkl_div\(|\bKLDivLoss\(/.test(code) && klMean(code) !== false ? [i + 1] : [],
  );
  if (mean.length === 0) return undefined;
  return (
    `\`kl_div\` / \`KLDivLoss\` are unchanged: \`reduction='mean'\`, the default, still divides by every ` +
    `element and still warns on standard error (${cellList(mean)} may use it; the warning is not stored here).`
  );
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
  const findings = pytorch2xDifferences(programs);
  const kl = klNote(programs);
  const lines = [
    `The ${programs.length === 1 ? 'output stored under the code cell was' : `outputs stored under the ${programs.length} code cells were`} printed by ` +
      'PyTorch 1.13 on the CPU, and each cell runs on its own (it imports what it uses). ' +
      (raising === 0
        ? ''
        : `${raising === 1 ? 'The cell that demonstrates an error carries' : `The ${raising} cells that demonstrate an error carry`} ` +
          'the `raises-exception` tag, so "Run all" goes on past it. ') +
      'Hosted notebooks run PyTorch 2.x.',
  ];
  if (findings.length === 0 && kl === undefined) {
    return `${lines.join('\n')} Nothing these programs call is known to print differently there.`;
  }
  lines.push('', 'What 2.x changes in the functions these programs call:', '');
  lines.push(...findings.map((f) => `- ${f.note}`));
  if (kl !== undefined) lines.push(`- ${kl}`);
  const differs = [...new Set(findings.flatMap((f) => f.differs))].sort((a, b) => a - b);
  const unsure = [...new Set(findings.flatMap((f) => f.unsure))]
    .filter((n) => !differs.includes(n))
    .sort((a, b) => a - b);
  const cells = (list: readonly number[]) => list.map((n) => `code cell [${n}]`).join(', ');
  const parts = [
    ...(differs.length === 0 ? [] : [`the output of ${cells(differs)} prints differently in 2.x`]),
    ...(unsure.length === 0 ? [] : [`the output of ${cells(unsure)} may print differently`]),
  ];
  if (parts.length > 0 && differs.length + unsure.length < programs.length)
    parts.push('the others print the same');
  lines.push(
    '',
    parts.length === 0
      ? 'So every output stored here prints the same in 2.x.'
      : `So ${parts.join('; ')}.`,
  );
  return lines.join('\n');
}
