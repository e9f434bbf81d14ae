// What chapters import: `import { SoftmaxExplorer } from '…/widgets/softmax-explorer'`.
export { default as SoftmaxExplorer } from './SoftmaxExplorer.svelte';
export type { SoftmaxExplorerProps } from './softmax-explorer.svelte.ts';
