// "Edit and run" on a cell's program: the PyTorch cell (components/widgets/pytorch-cell/) takes
// the place of the static program, starting from the cell's program and what it prints, and its
// Close brings the static program back. Cell.svelte imports this module only when a reader
// clicks, so the editor (and, on its first Run, the interpreter's worker) costs a chapter nothing
// before then. It works on the cell's built markup: the program's box (.cell-code) holds the
// buttons (.cell-code-tools), an empty editor slot ([data-cell-editor]) and the program's <pre>.
// A shareable cell's slot carries the editor's element id until the editor opens, so a link to
// the editor's program finds its place in the built page (Cell.svelte then opens it here, and
// the PyTorch cell reads the link).
import { mount, unmount } from 'svelte';
import type { PyTorchProgram } from '../../src/pytorch/program';
import PytorchCell from '../widgets/pytorch-cell/PytorchCell.svelte';
// The PyTorch cell's compiled (scoped) styles as text: Astro gives a component's stylesheet only
// to the pages that render it at build time, and no chapter does (src/lib/vite-svelte-styles.ts).
import pytorchCellStyles from 'svelte-styles:../widgets/pytorch-cell/PytorchCell.svelte';
import { printedOutput } from './printed-output';

export interface EditorOptions {
  /** The PyTorch cell's id on the page (its share links name it): unique among the page's cells. */
  readonly id: string;
  /** The cell's title: the editor is named "Program of <title>", apart from the cell around it. */
  readonly title: string;
  /** The program the cell shows now, and what it prints: the editor's first state. */
  readonly program: PyTorchProgram;
}

/** Give the page the PyTorch cell's styles, once (the page's CSP allows style elements). */
function addStyles(): void {
  if (document.querySelector('style[data-pytorch-cell-styles]') !== null) return;
  const style = document.createElement('style');
  style.dataset['pytorchCellStyles'] = '';
  style.textContent = pytorchCellStyles;
  document.head.append(style);
}

/** The program box's parts, or null when `button` is not inside a cell's program box. */
function programBox(button: HTMLElement) {
  const box = button.closest('.cell-code');
  const tools = box?.querySelector<HTMLElement>('.cell-code-tools');
  const slot = box?.querySelector<HTMLElement>('[data-cell-editor]');
  const program = box?.querySelector<HTMLElement>('[data-cell-program]');
  const printed = box?.closest('[data-cell]')?.querySelector<HTMLElement>('[data-cell-printed]');
  return tools && slot && program ? { tools, slot, program, printed } : null;
}

/**
 * Swap the static program that `button` belongs to for a focused PyTorch cell holding the cell's
 * current program and output; its Close swaps back and returns focus to `button`. Returns a
 * function that closes it (or null when the markup has no program box or an editor is open).
 */
export function editInPlace(button: HTMLElement, options: EditorOptions): (() => void) | null {
  const box = programBox(button);
  if (box === null || box.slot.childElementCount > 0) return null;
  let open = true;
  // The PyTorch cell's figure takes the id (one element per id); the slot gets it back on close.
  const slotId = box.slot.id;
  box.slot.removeAttribute('id');
  const close = () => {
    if (!open) return;
    open = false;
    void unmount(editor);
    if (slotId !== '') box.slot.id = slotId;
    box.tools.hidden = false;
    box.program.hidden = false;
    button.focus();
  };
  addStyles();
  // The buttons act on the static program (Copy copies it), so they leave with it.
  box.tools.hidden = true;
  box.program.hidden = true;
  // The cell keeps its (hidden) program and printed output up to date as its fields change, so
  // Reset reads them there: the editor goes back to the program the cell shows now.
  const current = () => {
    const code = box.program.textContent;
    const printed = box.printed?.textContent ?? options.program.printed;
    return { code, output: { ...printedOutput(printed), line: null } };
  };
  const editor = mount(PytorchCell, {
    target: box.slot,
    props: {
      id: options.id,
      code: options.program.code,
      // A cell's printed output names no line: the gutter marks one after a run.
      output: { ...printedOutput(options.program.printed), line: null },
      title: `Program of ${options.title}`,
      autofocus: true,
      inPlace: true,
      current,
      onclose: close,
    },
  });
  return close;
}
