// What chapters import: `import { BatchPlayground } from '…/widgets/batch-playground'`.
export { default as BatchPlayground } from './BatchPlayground.svelte';
export type { BatchPlaygroundProps } from './batch-playground.svelte.ts';
