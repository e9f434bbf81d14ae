// Every widget, for chapters: `import { SoftmaxExplorer } from '~/components/widgets'`.
// A page still ships only the widgets it uses: src/lib/remark-widget-imports.ts rewrites
// an MDX import from here into one import per widget folder, named by the lines below.
export { BatchPlayground } from './batch-playground';
export type { BatchPlaygroundProps } from './batch-playground';
export { DistributionExplorer } from './distribution-explorer';
export type { DistributionExplorerProps } from './distribution-explorer';
export { ExpectedMinusObserved } from './expected-minus-observed';
export type { ExpectedMinusObservedProps } from './expected-minus-observed';
export { GradientExplorer } from './gradient-explorer';
export type { GradientExplorerProps } from './gradient-explorer';
export { KlBceLab } from './kl-bce-lab';
export type { KlBceLabProps } from './kl-bce-lab';
export { LabelInspector } from './label-inspector';
export type { LabelInspectorProps } from './label-inspector';
export { LossGradientPlot } from './loss-gradient-plot';
export type { LossGradientPlotProps } from './loss-gradient-plot';
export { SoftmaxExplorer } from './softmax-explorer';
export type { SoftmaxExplorerProps } from './softmax-explorer';
export { StabilityLab } from './stability-lab';
export type { StabilityLabProps } from './stability-lab';
export { TrainingRace } from './training-race';
export type { TrainingRaceProps } from './training-race';
