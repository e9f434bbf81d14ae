// What chapters import: `import { KlBceLab } from '…/widgets/kl-bce-lab'`.
export { default as KlBceLab } from './KlBceLab.svelte';
export type { KlBceLabProps } from './kl-bce-lab.svelte.ts';
