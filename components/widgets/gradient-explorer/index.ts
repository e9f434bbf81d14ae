// What chapters import: `import { GradientExplorer } from '…/widgets/gradient-explorer'`.
export { default as GradientExplorer } from './GradientExplorer.svelte';
export type { GradientExplorerProps } from './gradient-explorer.svelte.ts';
