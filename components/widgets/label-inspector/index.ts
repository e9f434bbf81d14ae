// What chapters import: `import { LabelInspector } from '…/widgets/label-inspector'`.
export { default as LabelInspector } from './LabelInspector.svelte';
export type { LabelInspectorProps } from './label-inspector.svelte.ts';
