// What chapters import: `import { DistributionExplorer } from '…/widgets/distribution-explorer'`.
export { default as DistributionExplorer } from './DistributionExplorer.svelte';
export type { DistributionExplorerProps } from './distribution-explorer.svelte.ts';
