// What chapters import: `import { StabilityLab } from '…/widgets/stability-lab'`.
export { default as StabilityLab } from './StabilityLab.svelte';
export type { StabilityLabProps } from './stability-lab.svelte.ts';
