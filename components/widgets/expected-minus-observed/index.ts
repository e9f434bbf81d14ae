// What chapters import: `import { ExpectedMinusObserved } from '…/widgets/expected-minus-observed'`.
export { default as ExpectedMinusObserved } from './ExpectedMinusObserved.svelte';
export type { ExpectedMinusObservedProps } from './expected-minus-observed.svelte.ts';
