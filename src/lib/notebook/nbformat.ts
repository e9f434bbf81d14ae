// The few pieces of Jupyter's notebook format (nbformat 4.5) a chapter's notebook is made of:
// Markdown cells, code cells with what their program printed as outputs, and the notebook
// around them. tests/support/nbformat.v4.5.schema.json is the schema every built notebook
// is validated against.

/** A cell's text as nbformat stores it: lines, each but the last ending in "\n". */
export type MultilineString = string[];

/** What a code cell printed: text on standard output. */
export interface StreamOutput {
  readonly output_type: 'stream';
  readonly name: 'stdout';
  readonly text: MultilineString;
}

/** The uncaught exception a code cell stopped at, as a kernel reports it. */
export interface ErrorOutput {
  readonly output_type: 'error';
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: string[];
}

export type Output = StreamOutput | ErrorOutput;

/** Where a code cell's program came from, kept in its metadata for scripts/notebooks.py. */
export interface CodeOrigin {
  /** A cell of the chapter ("cell", with the cell's id) or a ```python block of the prose ("prose"). */
  readonly source: 'cell' | 'prose';
  readonly cell?: string;
}

export interface MarkdownCell {
  readonly cell_type: 'markdown';
  readonly id: string;
  readonly metadata: Record<string, never>;
  readonly source: MultilineString;
}

export interface CodeCell {
  readonly cell_type: 'code';
  readonly id: string;
  readonly execution_count: number | null;
  readonly metadata: { readonly tags?: readonly string[]; readonly notebook: CodeOrigin };
  readonly source: MultilineString;
  readonly outputs: Output[];
}

export type Cell = MarkdownCell | CodeCell;

export interface Notebook {
  readonly nbformat: 4;
  readonly nbformat_minor: 5;
  readonly metadata: {
    readonly kernelspec: {
      readonly name: 'python3';
      readonly display_name: string;
      readonly language: 'python';
    };
    readonly language_info: { readonly name: 'python' };
    readonly title: string;
  };
  readonly cells: Cell[];
}

/** The last line Python prints for an uncaught exception: `IndexError: Target 5 is out of bounds.` */
const ERROR_LINE = /^([A-Za-z_][\w.]*(?:Error|Exception)): ([\s\S]*)$/;

/**
 * Split text into nbformat's list of lines, keeping each line's "\n" so joining gives it back.
 * @example multiline('a\nb\n') // ['a\n', 'b\n']
 */
export function multiline(text: string): MultilineString {
  return text === '' ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

/** A program's exception line as a kernel's error output, or null when the line is not one. */
export function errorOutput(line: string): ErrorOutput | null {
  const match = ERROR_LINE.exec(line);
  if (match === null) return null;
  const [, ename = '', evalue = ''] = match;
  // A kernel's traceback lists the frames too; the program's frames are not known here, so the
  // traceback is the exception line alone, which is also what the notebook shows for it.
  return { output_type: 'error', ename, evalue, traceback: [line] };
}

/**
 * A cell program's outputs from what it printed (without the final newline, as the cells'
 * `printed` holds it): the printed lines as stdout, and, when the last line is Python's
 * exception line, that line as an error output instead.
 */
export function programOutputs(printed: string): Output[] {
  const lines = printed === '' ? [] : printed.split('\n');
  const last = lines.at(-1);
  const error = last === undefined ? null : errorOutput(last);
  const stdout = error === null ? lines : lines.slice(0, -1);
  const outputs: Output[] = [];
  if (stdout.length > 0) {
    outputs.push({
      output_type: 'stream',
      name: 'stdout',
      text: multiline(`${stdout.join('\n')}\n`),
    });
  }
  if (error !== null) outputs.push(error);
  return outputs;
}

/** A Markdown cell. */
export function markdownCell(id: string, markdown: string): MarkdownCell {
  return { cell_type: 'markdown', id, metadata: {}, source: multiline(markdown.trimEnd()) };
}

/**
 * A code cell with stored outputs; a cell that stops at an exception carries Jupyter's
 * `raises-exception` tag, so "Run all" goes on past it.
 */
export function codeCell(
  id: string,
  code: string,
  outputs: Output[],
  origin: CodeOrigin,
  executionCount: number,
): CodeCell {
  const raises = outputs.some((o) => o.output_type === 'error');
  return {
    cell_type: 'code',
    id,
    execution_count: executionCount,
    metadata: raises ? { tags: ['raises-exception'], notebook: origin } : { notebook: origin },
    source: multiline(code.trimEnd()),
    outputs,
  };
}

/** A cell id as nbformat 4.5 allows it: letters, digits, - and _, at most 64 characters. */
export function cellId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (id === '' ? 'cell' : id).slice(0, 64);
}

/** The notebook around the cells: Python 3 kernel, nbformat 4.5. */
export function notebook(title: string, cells: Cell[]): Notebook {
  const ids = new Set<string>();
  for (const cell of cells) {
    if (ids.has(cell.id))
      throw new Error(`notebook "${title}": two cells share the id "${cell.id}"`);
    ids.add(cell.id);
  }
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
      title,
    },
    cells,
  };
}
