import { describe, expect, it } from 'vitest';
import { applyEdit, indent, newline, outdent, type TextEdit } from './editor-keys';

/** Text with `|` marking the caret (or two `|` marking a selection), for readable cases. */
function parse(marked: string): { value: string; start: number; end: number } {
  const start = marked.indexOf('|');
  const second = marked.indexOf('|', start + 1);
  const value = marked.replace(/\|/g, '');
  return { value, start, end: second < 0 ? start : second - 1 };
}

/** The text after an edit, with its new selection marked the same way. */
function show(value: string, edit: TextEdit): string {
  const after = applyEdit(value, edit);
  const { selectionStart: s, selectionEnd: e } = edit;
  return s === e
    ? after.slice(0, s) + '|' + after.slice(s)
    : after.slice(0, s) + '|' + after.slice(s, e) + '|' + after.slice(e);
}

const press = (key: typeof indent, marked: string): string => {
  const { value, start, end } = parse(marked);
  return show(value, key(value, start, end));
};

describe('Tab', () => {
  it('inserts spaces to the next multiple of four at the caret', () => {
    expect(press(indent, '|x')).toBe('    |x');
    expect(press(indent, 'ab|c')).toBe('ab  |c');
    expect(press(indent, '    |x')).toBe('        |x');
  });

  it('replaces a selection within one line with the spaces', () => {
    expect(press(indent, 'a|bc|d')).toBe('a   |d');
  });

  it('indents every line a selection touches, blank lines left empty', () => {
    expect(press(indent, 'a|b\n\nc|d\ne')).toBe('|    ab\n\n    cd|\ne');
  });

  it('leaves out the line a selection ends at the very start of', () => {
    expect(press(indent, '|a\nb\n|c')).toBe('|    a\n    b|\nc');
  });
});

describe('Shift+Tab', () => {
  it('outdents the caret’s line to the previous stop and keeps the caret on its text', () => {
    expect(press(outdent, '        x|')).toBe('    x|');
    expect(press(outdent, '      |x')).toBe('    |x');
    expect(press(outdent, '  |  x')).toBe('|x');
    expect(press(outdent, 'x|')).toBe('x|');
  });

  it('outdents every selected line, never removing text', () => {
    expect(press(outdent, '    |a\n  b\nc|')).toBe('|a\nb\nc|');
  });
});

describe('Enter', () => {
  it('keeps the line’s indentation', () => {
    expect(press(newline, '    x = 1|')).toBe('    x = 1\n    |');
  });

  it('indents one level more after a colon, not after a colon in a comment or string', () => {
    expect(press(newline, 'for i in range(3):|')).toBe('for i in range(3):\n    |');
    expect(press(newline, 'with torch.no_grad():  # off|')).toBe(
      'with torch.no_grad():  # off\n    |',
    );
    expect(press(newline, 'x = 1  # note:|')).toBe('x = 1  # note:\n|');
    expect(press(newline, 'print("a:")|')).toBe('print("a:")\n|');
  });

  it('replaces a selection with the new line', () => {
    expect(press(newline, '  a|bc|d')).toBe('  a\n  |d');
  });
});
