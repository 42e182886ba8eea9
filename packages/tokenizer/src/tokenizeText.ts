import { RivuletError, TermTable, type TokenSink } from '@rivulet/core';
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
    throw limitError(raw, settings, error);
  }
}

/**
 * {@link tokenizeText} handing each token to `sink` instead of returning an array. Without n-grams, the
 * words the pattern finds go over as spans of the lower-cased text and stop words are looked up by span
 * (in a {@link TermTable} of them), so no string is made per token; segmenter words and n-grams, which
 * are strings anyway, go over whole.
 */
export function tokenizeTextInto(raw: string, settings: TokenizerSettings, sink: TokenSink): void {
  try {
    if (settings.lang === 'zh' || settings.ngramMin !== 1 || settings.ngramMax !== 1) {
      const tokens = tokenizeUnchecked(raw, settings);
      for (let t = 0; t < tokens.length; t++) sink.token(tokens[t], 0, tokens[t].length);
      return;
    }
    const text = settings.lowercase ? raw.toLowerCase() : raw;
    const stopWords = settings.stopWords;
    const stopTable = stopWords === null ? null : stopTableOf(stopWords);
    let segmented: string[] | undefined;
    scanWords(
      text,
      settings.lang === 'auto',
      (start, end, hash) => {
        if (stopTable === null || stopTable.find(text, start, end, hash) < 0)
          sink.token(text, start, end, hash);
      },
      (region) => {
        segmented ??= [];
        segmented.length = 0;
        settings.segment(region.includes('\n') ? region.replace(CJK_WRAP, '') : region, segmented);
        for (const word of segmented)
          if (stopWords === null || !stopWords.has(word)) sink.token(word, 0, word.length);
      },
    );
  } catch (error) {
    throw limitError(raw, settings, error);
  }
}

function limitError(raw: string, settings: TokenizerSettings, error: unknown): unknown {
  if (!(error instanceof RangeError)) return error;
  return new RivuletError(
    'limit',
    settings.stage,
    `text of ${raw.length} characters could not be tokenized (${error.message}); split it into smaller documents`,
    { parameter: 'text', cause: error },
  );
}

/** Stop-word sets as tables to look spans up in, made once per set (the built-in lists are shared). */
const stopTables = new WeakMap<ReadonlySet<string>, TermTable>();

function stopTableOf(stopWords: ReadonlySet<string>): TermTable {
  let table = stopTables.get(stopWords);
  if (table === undefined) {
    table = TermTable.of(stopWords);
    stopTables.set(stopWords, table);
  }
  return table;
}

function tokenizeUnchecked(raw: string, settings: TokenizerSettings): string[] {
  const text = settings.lowercase ? raw.toLowerCase() : raw;
  const words: string[] = [];
  if (settings.lang === 'zh') settings.segment(text.replace(CJK_WRAP, ''), words);
  else {
    scanWords(
      text,
      settings.lang === 'auto',
      (start, end) => words.push(text.slice(start, end)),
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
