export type { MainIO } from './main.js';
export { main } from './main.js';
export { normalizedMutualInformation } from './normalizedMutualInformation.js';
export { npmiCoherence } from './npmiCoherence.js';
export { readMatrixMarket } from './readMatrixMarket.js';
