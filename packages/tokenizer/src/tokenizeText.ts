import { RivuletError } from '@rivulet/core';
import { CJK_WRAP } from './patterns.js';
import { scanWords } from './scanWords.js';
import type { SharedTokenizerSettings, TokenizerSettings } from './TokenizerOptions.js';

/**
 * The tokens of one text under validated settings: lower-case, split into words by the language rule
 * (CJK text by `settings.segment`), then {@link finishTokens} (stop words, n-grams). Linear in the text's length with constant stack, so it
 * does not throw on any string; should the engine still give up (a RangeError: the tokens or n-grams of a
 * huge text exceed a string or array limit), that becomes a `limit` RivuletError, never a raw RangeError.
 */
export function tokenizeText(raw: string, settings: TokenizerSettings): string[] {
  try {
    return tokenizeUnchecked(raw, settings);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new RivuletError(
      'limit',
      settings.stage,
      `text of ${raw.length} characters could not be tokenized (${error.message}); split it into smaller documents`,
      { parameter: 'text', cause: error },
    );
  }
}

function tokenizeUnchecked(raw: string, settings: TokenizerSettings): string[] {
  const text = settings.lowercase ? raw.toLowerCase() : raw;
  const words: string[] = [];
  if (settings.lang === 'zh') settings.segment(text.replace(CJK_WRAP, ''), words);
  else {
    scanWords(
      text,
      settings.lang === 'auto',
      (word) => words.push(word),
      (region) => settings.segment(region.includes('\n') ? region.replace(CJK_WRAP, '') : region, words),
    );
  }
  return finishTokens(words, settings);
}

/**
 * Removes stop words, then forms n-grams as scikit-learn's `_word_ngrams` does: for n from min to max,
 * every run of n consecutive tokens joined by a space. May return `tokens` itself.
 */
export function finishTokens(tokens: string[], settings: SharedTokenizerSettings): string[] {
  const stopWords = settings.stopWords;
  let kept = tokens;
  if (stopWords !== null) {
    kept = [];
    for (const token of tokens) if (!stopWords.has(token)) kept.push(token);
  }
  const { ngramMin, ngramMax } = settings;
  if (ngramMin === 1 && ngramMax === 1) return kept;
  const grams: string[] = [];
  const longest = Math.min(ngramMax, kept.length);
  for (let n = ngramMin; n <= longest; n++) {
    for (let i = 0; i + n <= kept.length; i++) {
      let gram = kept[i];
      for (let k = 1; k < n; k++) gram += ` ${kept[i + k]}`;
      grams.push(gram);
    }
  }
  return grams;
}
