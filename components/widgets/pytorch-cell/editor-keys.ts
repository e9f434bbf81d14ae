// What the PyTorch cell's editor does with Tab, Shift+Tab and Enter, as pure text edits: Python
// is indented by four spaces, so Tab indents to the next multiple of four (every line of a
// selection), Shift+Tab outdents, and Enter keeps the line's indentation (one level more after a
// colon). The component applies an edit as one replacement, so undo takes it back in one step.
import { tokenize } from './highlight';

/** Spaces per indentation level, as PEP 8 and every cell's program use. */
export const INDENT = 4;

/** Replace `from`–`to` with `insert`, then select `selectionStart`–`selectionEnd`. */
export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
  readonly selectionStart: number;
  readonly selectionEnd: number;
}

/** The text after an edit (what the textarea holds once the component has applied it). */
export function applyEdit(value: string, edit: TextEdit): string {
  return value.slice(0, edit.from) + edit.insert + value.slice(edit.to);
}

/** Where the line holding `index` starts. */
function lineStart(value: string, index: number): number {
  return value.lastIndexOf('\n', index - 1) + 1;
}

/** Where the line holding `index` ends (its newline, or the end of the text). */
function lineEnd(value: string, index: number): number {
  const end = value.indexOf('\n', index);
  return end < 0 ? value.length : end;
}

/** The lines a selection touches: a selection ending at a line's very start leaves that line out. */
function touchedLines(value: string, start: number, end: number): { from: number; to: number } {
  const last = end > start && value[end - 1] === '\n' ? end - 1 : end;
  return { from: lineStart(value, start), to: lineEnd(value, last) };
}

/** The leading spaces of a line. */
function leadingSpaces(line: string): number {
  return /^ */.exec(line)?.[0].length ?? 0;
}

/** Tab: spaces to the next indentation stop at the caret, or one level more on each selected line. */
export function indent(value: string, start: number, end: number): TextEdit {
  if (!value.slice(start, end).includes('\n')) {
    const column = start - lineStart(value, start);
    const insert = ' '.repeat(INDENT - (column % INDENT));
    const caret = start + insert.length;
    return { from: start, to: end, insert, selectionStart: caret, selectionEnd: caret };
  }
  const { from, to } = touchedLines(value, start, end);
  // Blank lines stay empty: trailing spaces would only be noise in a shared program.
  const insert = value
    .slice(from, to)
    .split('\n')
    .map((line) => (line.trim() === '' ? line : ' '.repeat(INDENT) + line))
    .join('\n');
  return { from, to, insert, selectionStart: from, selectionEnd: from + insert.length };
}

/** Shift+Tab: each touched line loses its indentation back to the previous stop (never its text). */
export function outdent(value: string, start: number, end: number): TextEdit {
  const { from, to } = touchedLines(value, start, end);
  let removedBeforeStart = 0;
  let removedBeforeEnd = 0;
  let offset = from;
  const lines = value
    .slice(from, to)
    .split('\n')
    .map((line) => {
      const spaces = leadingSpaces(line);
      // Back to the previous multiple of four: 6 spaces become 4, 4 become 0.
      const remove = spaces === 0 ? 0 : spaces % INDENT || INDENT;
      // A caret inside the removed spaces moves to where they began.
      removedBeforeStart += Math.max(0, Math.min(remove, start - offset));
      removedBeforeEnd += Math.max(0, Math.min(remove, end - offset));
      offset += line.length + 1;
      return line.slice(remove);
    });
  const insert = lines.join('\n');
  return {
    from,
    to,
    insert,
    selectionStart: start - removedBeforeStart,
    selectionEnd: end - removedBeforeEnd,
  };
}

/** Enter: a new line at the current line's indentation, one level deeper after a colon. */
export function newline(value: string, start: number, end: number): TextEdit {
  const from = lineStart(value, start);
  const before = value.slice(from, start);
  const spaces = Math.min(leadingSpaces(before), before.length);
  // A line opens a block when its code (comments and strings read as Python reads them) ends in ':'.
  const code = tokenize(before)
    .filter((t) => t.kind !== 'comment')
    .map((t) => (t.kind === 'string' ? '""' : t.text))
    .join('');
  const opensBlock = code.trimEnd().endsWith(':');
  const insert = '\n' + ' '.repeat(spaces + (opensBlock ? INDENT : 0));
  const caret = start + insert.length;
  return { from: start, to: end, insert, selectionStart: caret, selectionEnd: caret };
}
