import { integerOption } from '@rivulet/core';
import type { Segmentation } from './Segmentation.js';
import { segmentChinese } from './segmentChinese.js';
import type { TokenizerOptions } from './TokenizerOptions.js';

/** Smallest and largest `chunkSize`: below, sentences are cut needlessly; above, ICU turns superlinear. */
export const CHUNK_SIZE_RANGE = { min: 64, max: 32768 } as const;

/**
 * The default segmentation: `Intl.Segmenter('zh')` over pieces of at most `chunkSize` code units, with
 * adjacent words merged into user-dictionary words (see {@link segmentChinese}). Its words depend on the
 * ICU version built into the runtime.
 */
export const ICU_SEGMENTATION: Segmentation<TokenizerOptions> = {
  stage: 'tokenize',
  segmenterName: 'Intl.Segmenter',
  options: ['chunkSize'],
  create(options, shared) {
    const chunkSize =
      options.chunkSize === undefined
        ? 4096
        : integerOption(shared.stage, 'chunkSize', options.chunkSize, CHUNK_SIZE_RANGE);
    let dictionaryMaxLength = 0;
    if (shared.dictionary)
      for (const word of shared.dictionary) dictionaryMaxLength = Math.max(dictionaryMaxLength, word.length);
    const settings = { dictionary: shared.dictionary, dictionaryMaxLength, chunkSize };
    return (text, out) => segmentChinese(text, settings, out);
  },
};
