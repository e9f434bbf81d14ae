// What pages import: `import { PytorchCell } from '~/components/widgets/pytorch-cell'`.
export { default as PytorchCell } from './PytorchCell.svelte';
export type { CellExample, PytorchCellProps } from './pytorch-cell.svelte.ts';
export type { RunOutput } from './runner';
