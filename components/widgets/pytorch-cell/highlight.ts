// Syntax colours for the PyTorch cell's editor: a small Python tokenizer of its own (the
// interpreter is not imported, so highlighting costs the page a few hundred bytes, not the
// interpreter). It only colours: text it cannot read stays plain, and it never fails.

/** What a run of source text is, for its colour. */
export type TokenKind = 'keyword' | 'builtin' | 'string' | 'number' | 'comment' | 'plain';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

const BUILTINS = new Set(
  'print range len float int str bool abs round min max sum list tuple enumerate zip repr isinstance'.split(
    ' ',
  ),
);

// One alternative per kind, tried at each position in turn (sticky, so the scan is linear):
// a comment to the end of its line; a string with its prefix (r, b, f, u and pairs), triple-quoted
// ones across lines, single-quoted ones ending at their quote or the line's end (unterminated);
// a number (hex, octal, binary, decimal with fraction, exponent and imaginary j, underscores);
// a name; anything else one character at a time.
const TOKEN =
  /(#[^\n]*)|((?:[rRbBfFuU]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^"\\\n])*(?:"|(?=\n)|$)|'(?:\\.|[^'\\\n])*(?:'|(?=\n)|$)))|(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)|([\p{L}_][\p{L}\p{N}_]*)|([\s\S])/uy;

/** Split source into coloured runs whose texts join back to exactly the source. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = tokens.at(-1);
    // Neighbouring plain runs merge, so the markup stays small.
    if (kind === 'plain' && last?.kind === 'plain') {
      tokens[tokens.length - 1] = { kind, text: last.text + text };
    } else tokens.push({ kind, text });
  };
  TOKEN.lastIndex = 0;
  let afterDot = false;
  while (TOKEN.lastIndex < source.length) {
    const match = TOKEN.exec(source);
    if (match === null) break;
    const [text, comment, string, number, name] = match;
    if (comment !== undefined) push('comment', text);
    else if (string !== undefined) push('string', text);
    else if (number !== undefined) push('number', text);
    else if (name !== undefined) {
      // An attribute (`x.sum`, `F.max`) is never a keyword or builtin, whatever its name.
      if (!afterDot && KEYWORDS.has(name)) push('keyword', text);
      else if (!afterDot && BUILTINS.has(name)) push('builtin', text);
      else push('plain', text);
    } else push('plain', text);
    if (!/^\s+$/.test(text)) afterDot = text === '.';
  }
  return tokens;
}

/** How many lines the editor shows for `source`: its newlines plus one (the gutter's numbers). */
export function lineCount(source: string): number {
  let lines = 1;
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The most characters the editor takes: the interpreter's MAX_SOURCE_LENGTH (src/pycell/limits.ts; a test compares). */
export const EDITOR_LIMIT = 100_000;

/**
 * Programs longer than this (in characters) are drawn in one colour: a node per token, redrawn on
 * every keystroke, makes typing in a long program lag (measured in tests/browser/pytorch-cell.test.ts).
 */
export const HIGHLIGHT_LIMIT = 10_000;

/** The coloured copy's runs: tokenize()'s up to HIGHLIGHT_LIMIT characters, else one plain run. */
export function copyTokens(source: string): Token[] {
  return source.length > HIGHLIGHT_LIMIT ? [{ kind: 'plain', text: source }] : tokenize(source);
}

/** Where line `line` (1-based, clamped to the source's lines) starts, past its indentation. */
export function lineStart(source: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const next = source.indexOf('\n', at);
    if (next < 0) break;
    at = next + 1;
  }
  while (source[at] === ' ' || source[at] === '\t') at++;
  return at;
}

/** A size as the reader reads it: "8 KB", "97.7 KB" (tenths rounded up, so 8,193 bytes is over 8 KB). */
export function kilobytes(size: number): string {
  const tenths = Math.ceil((size * 10) / 1024);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} KB`;
}
