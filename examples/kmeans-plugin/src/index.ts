export type { KMeansOptions } from './kmeans.js';
export { kmeansModule, trainKMeans } from './kmeans.js';
