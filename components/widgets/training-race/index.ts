// What chapters import: `import { TrainingRace } from '…/widgets/training-race'`.
export { default as TrainingRace } from './TrainingRace.svelte';
export type { TrainingRaceProps } from './training-race.svelte.ts';
