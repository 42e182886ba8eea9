export type { OnlineNmfState, OnlineNmfStatistics, StepOutcome } from './OnlineNmf.js';
export { OnlineNmf } from './OnlineNmf.js';
export { ONLINE_NMF_OPTIONS, OnlineNmfDecomposer } from './OnlineNmfDecomposer.js';
export type { OnlineNmfInit, OnlineNmfOptions } from './OnlineNmfOptions.js';
export { ONLINE_NMF_OPTION_SCHEMA, onlineNmfModule } from './onlineNmfModule.js';
export { onlineNmf } from './onlineNmfOperator.js';
export type { TrainOnlineNmfOptions } from './trainOnlineNmf.js';
export { trainOnlineNmf } from './trainOnlineNmf.js';
