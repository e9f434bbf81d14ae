// What chapters import: `import { LossGradientPlot } from '…/widgets/loss-gradient-plot'`.
export { default as LossGradientPlot } from './LossGradientPlot.svelte';
export type { LossGradientPlotProps } from './loss-gradient-plot.svelte.ts';
