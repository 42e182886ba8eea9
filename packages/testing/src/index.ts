export type { CheckCase } from './CheckCase.js';
export type {
  CaseResult,
  CheckPluginOptions,
  CheckReport,
  PluginCheck,
} from './checkPlugin.js';
export { assertPlugin, checkPlugin, pluginChecks } from './checkPlugin.js';
export { docTerm } from './inputs.js';
export type { Outcome } from './runStage.js';
export { describeOutcome, runStage, settle } from './runStage.js';
export type { SlowConsumerCheck, SlowConsumerOptions } from './slowConsumerChecks.js';
export { slowConsumerChecks } from './slowConsumerChecks.js';
export { spaceWords } from './spanChecks.js';
