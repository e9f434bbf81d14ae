// Python's tokenizer for a PyTorch cell: names, numbers, strings (prefixes r/f/u/b, triple
// quotes), operators, comments, INDENT/DEDENT from leading whitespace and implicit line joining
// inside brackets, after CPython's Parser/tokenizer.c.
import { MAX_BLOCK_DEPTH, MAX_BRACKET_DEPTH } from './limits';
import { LocatedException } from './located';
import { PyException } from './values';

/** One token; `line` is 1-based. Strings keep their prefix and undecoded body. */
export type Token =
  | { readonly type: 'name'; readonly value: string; readonly line: number }
  | { readonly type: 'number'; readonly value: string; readonly line: number }
  | {
      readonly type: 'string';
      readonly value: string;
      readonly prefix: string;
      readonly line: number;
    }
  | { readonly type: 'op'; readonly value: string; readonly line: number }
  | {
      readonly type: 'newline' | 'indent' | 'dedent' | 'eof';
      readonly value: '';
      readonly line: number;
    };

/**
 * A SyntaxError (or IndentationError, TabError) at a line: its message is CPython 3.11's last
 * traceback line exactly, and the line travels beside it.
 */
export function syntaxError(message: string, line: number, type = 'SyntaxError'): PyException {
  return new LocatedException(type, message, line);
}

/** A construct Python has but this cell refuses, named with its line in the message too. */
export function unsupported(construct: string, line: number): PyException {
  return new LocatedException(
    'SyntaxError',
    `${construct} is not supported in this cell (line ${line})`,
    line,
  );
}

// Longest first, so '**=' wins over '**' and '*'.
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '@=',
  '&=',
  '|=',
  '^=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '&',
  '|',
  '^',
  '~',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '=',
];
const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const NUMBER =
  /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][-+]?\d(?:_?\d)*)?)[jJ]?/u;
/** What Python's str.isprintable() refuses: controls, format characters, separators but space. */
const NON_PRINTABLE = /^(?:[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs})$/u;
const STRING_PREFIX = /^(?:[rRuUfFbB]|[rR][fFbB]|[fFbB][rR])?(?='|")/u;

/** The tokens of `source`, or a SyntaxError naming the first line that cannot be read. */
export function tokenize(source: string, firstLine = 1): Token[] {
  const tokens: Token[] = [];
  const indents = [0];
  const altIndents = [0];
  const brackets: { char: string; line: number }[] = [];
  let pos = 0;
  let line = firstLine;
  let atLineStart = true;
  const length = source.length;

  while (pos < length || atLineStart) {
    if (atLineStart) {
      atLineStart = false;
      // Measure the indentation twice, as CPython does: tabs to the next multiple of 8, and tabs
      // as 1 column; a block whose two measures disagree in order is a TabError. A form feed
      // resets both, as in CPython's tokenizer.
      let column = 0;
      let altColumn = 0;
      while (
        pos < length &&
        (source[pos] === ' ' || source[pos] === '\t' || source[pos] === '\f')
      ) {
        if (source[pos] === '\t') {
          column = (Math.floor(column / 8) + 1) * 8;
          altColumn++;
        } else if (source[pos] === '\f') {
          column = 0;
          altColumn = 0;
        } else {
          column++;
          altColumn++;
        }
        pos++;
      }
      // Blank lines, comment-only lines and the end of input change no indentation.
      const next = source[pos];
      if (pos >= length) break;
      if (next === '#' || next === '\n' || next === '\r') continue;
      const tabError = (): PyException =>
        syntaxError('inconsistent use of tabs and spaces in indentation', line, 'TabError');
      const current = indents[indents.length - 1] ?? 0;
      const altCurrent = altIndents[altIndents.length - 1] ?? 0;
      if (column === current) {
        if (altColumn !== altCurrent) throw tabError();
      } else if (column > current) {
        if (altColumn <= altCurrent) throw tabError();
        if (indents.length > MAX_BLOCK_DEPTH) {
          throw syntaxError(
            `too many levels of indentation (more than ${MAX_BLOCK_DEPTH}) (line ${line})`,
            line,
          );
        }
        indents.push(column);
        altIndents.push(altColumn);
        tokens.push({ type: 'indent', value: '', line });
      } else {
        while (column < (indents[indents.length - 1] ?? 0)) {
          indents.pop();
          altIndents.pop();
          tokens.push({ type: 'dedent', value: '', line });
        }
        if (column !== indents[indents.length - 1]) {
          throw syntaxError(
            'unindent does not match any outer indentation level',
            line,
            'IndentationError',
          );
        }
        if (altColumn !== altIndents[altIndents.length - 1]) throw tabError();
      }
      continue;
    }
    const char = source[pos] ?? '';
    if (char === '\n' || char === '\r') {
      pos += char === '\r' && source[pos + 1] === '\n' ? 2 : 1;
      if (brackets.length === 0) {
        const last = tokens[tokens.length - 1];
        if (
          last !== undefined &&
          last.type !== 'newline' &&
          last.type !== 'indent' &&
          last.type !== 'dedent'
        ) {
          tokens.push({ type: 'newline', value: '', line });
        }
        atLineStart = true;
      }
      line++;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\f') {
      pos++;
      continue;
    }
    if (char === '#') {
      while (pos < length && source[pos] !== '\n' && source[pos] !== '\r') pos++;
      continue;
    }
    if (char === '\\') {
      // An explicit line join: the backslash must end its line.
      const after = source[pos + 1];
      if (after === '\n' || after === '\r') {
        pos += after === '\r' && source[pos + 2] === '\n' ? 3 : 2;
        line++;
        continue;
      }
      if (after === undefined) throw syntaxError('unexpected EOF while parsing', line);
      throw syntaxError('unexpected character after line continuation character', line);
    }
    const rest = source.slice(pos, pos + 4);
    const prefix = STRING_PREFIX.exec(source.slice(pos, pos + 3));
    if (prefix !== null) {
      const token = readString(source, pos + prefix[0].length, prefix[0], line);
      tokens.push(token.token);
      line += token.lines;
      pos = token.end;
      continue;
    }
    if (/\d/u.test(char) || (char === '.' && /\d/u.test(source[pos + 1] ?? ''))) {
      const match = NUMBER.exec(source.slice(pos, pos + 400));
      const text = match?.[0] ?? char;
      const following = source[pos + text.length] ?? '';
      if (NAME_PART.test(following)) throw syntaxError('invalid decimal literal', line);
      tokens.push({ type: 'number', value: text, line });
      pos += text.length;
      continue;
    }
    if (NAME_START.test(char)) {
      let end = pos + 1;
      while (end < length && NAME_PART.test(source[end] ?? '')) end++;
      tokens.push({ type: 'name', value: source.slice(pos, end), line });
      pos = end;
      continue;
    }
    const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (operator === undefined) {
      // CPython calls a stray printable ASCII character ($ ? `) plain invalid syntax, a
      // non-printable one (vertical tab, a byte-order mark inside the program) by code point
      // alone, and any other by itself and its code point.
      const point = source.codePointAt(pos) ?? 0;
      const code = point.toString(16).toUpperCase().padStart(4, '0');
      if (NON_PRINTABLE.test(String.fromCodePoint(point))) {
        throw syntaxError(`invalid non-printable character U+${code}`, line);
      }
      if (char < '\x7f') throw syntaxError('invalid syntax', line);
      throw syntaxError(`invalid character '${String.fromCodePoint(point)}' (U+${code})`, line);
    }
    if (operator === '(' || operator === '[' || operator === '{') {
      if (brackets.length >= MAX_BRACKET_DEPTH) {
        throw syntaxError(
          `too many nested brackets (more than ${MAX_BRACKET_DEPTH}) (line ${line})`,
          line,
        );
      }
      brackets.push({ char: operator, line });
    } else if (operator in CLOSING) {
      const open = brackets.pop();
      if (open === undefined) throw syntaxError(`unmatched '${operator}'`, line);
      if (open.char !== CLOSING[operator]) {
        throw syntaxError(
          open.line === line
            ? `closing parenthesis '${operator}' does not match opening parenthesis '${open.char}'`
            : `closing parenthesis '${operator}' does not match opening parenthesis '${open.char}' on line ${open.line}`,
          line,
        );
      }
    }
    tokens.push({ type: 'op', value: operator, line });
    pos += operator.length;
  }
  const open = brackets[brackets.length - 1];
  if (open !== undefined) throw syntaxError(`'${open.char}' was never closed`, open.line);
  const last = tokens[tokens.length - 1];
  if (last !== undefined && last.type !== 'newline' && last.type !== 'dedent') {
    tokens.push({ type: 'newline', value: '', line });
  }
  while (indents.length > 1) {
    indents.pop();
    tokens.push({ type: 'dedent', value: '', line });
  }
  tokens.push({ type: 'eof', value: '', line });
  return tokens;
}

/** Reads a string literal whose quote starts at `start`; `lines` counts newlines inside it. */
function readString(
  source: string,
  start: number,
  prefix: string,
  line: number,
): { token: Token; end: number; lines: number } {
  const quote = source[start] ?? "'";
  const triple = source.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  let pos = start + delimiter.length;
  let lines = 0;
  for (;;) {
    if (pos >= source.length) {
      throw triple
        ? syntaxError(
            `unterminated triple-quoted string literal (detected at line ${line + lines})`,
            line,
          )
        : syntaxError(`unterminated string literal (detected at line ${line})`, line);
    }
    const char = source[pos];
    if (char === '\\') {
      if (source[pos + 1] === '\n') lines++;
      pos += 2;
      continue;
    }
    if (char === '\n' || char === '\r') {
      if (!triple)
        throw syntaxError(`unterminated string literal (detected at line ${line})`, line);
      lines++;
      pos += char === '\r' && source[pos + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (source.startsWith(delimiter, pos)) break;
    pos++;
  }
  const body = source.slice(start + delimiter.length, pos);
  return {
    token: { type: 'string', value: body, prefix: prefix.toLowerCase(), line },
    end: pos + delimiter.length,
    lines,
  };
}
