import {
  booleanOption,
  integerOption,
  invalidOption,
  knownOptions,
  oneOfOption,
  RivuletError,
} from '@rivulet/core';
import { CHINESE_STOP_WORDS } from './CHINESE_STOP_WORDS.js';
import { ENGLISH_STOP_WORDS } from './ENGLISH_STOP_WORDS.js';

/** The stage name in error messages. */
export const STAGE = 'tokenize';

/**
 * Options of {@link tokenize} and {@link createTokenizer}.
 *
 * @example
 * ```ts
 * import { createTokenizer } from '@rivulet/tokenizer';
 * createTokenizer({ lang: 'zh', dictionary: ['微信'], stopWords: 'zh', ngram: [1, 2] });
 * ```
 */
export interface TokenizerOptions {
  /**
   * `'auto'` (default): runs of Han/Hiragana/Katakana go to `Intl.Segmenter('zh')`, everything else to
   * the word pattern; `'en'`: the word pattern only, never the segmenter (scikit-learn's behaviour, where a
   * run of Han characters is one token); `'zh'`: the whole text goes through the segmenter.
   */
  readonly lang?: 'auto' | 'en' | 'zh';
  /** Lower-case the text (or the given tokens) before anything else (default true, as scikit-learn). */
  readonly lowercase?: boolean;
  /**
   * Words removed after lower-casing and dictionary merging, before n-grams: `'en'`, `'zh'`, your own
   * words (compared as given, so give them lower-cased when `lowercase` is on), or `null` (default).
   */
  readonly stopWords?: 'en' | 'zh' | readonly string[] | ReadonlySet<string> | null;
  /**
   * Word n-grams as scikit-learn's `ngram_range`: `[min, max]` emits every n-gram for min ≤ n ≤ max, the
   * tokens joined by a space, shorter n first. A number `n` means `[n, n]`. Default `[1, 1]`.
   */
  readonly ngram?: number | readonly [number, number];
  /**
   * Words kept whole: adjacent segmenter words whose concatenation is one of these are merged (greedy,
   * longest match first), e.g. 微|信 → 微信. Entries are non-empty strings without whitespace. Applies to
   * segmented text, so it is an error with `lang: 'en'`.
   */
  readonly dictionary?: readonly string[];
  /**
   * Longest piece of text, in UTF-16 code units, given to `Intl.Segmenter` at once (default 4096). Pieces
   * end at sentence punctuation or line breaks where possible; the bound keeps segmenting linear (ICU is
   * badly superlinear on long strings: 64 KB at once took seconds).
   */
  readonly chunkSize?: number;
}

/** Validated options, in the form the tokenizer uses them. */
export interface TokenizerSettings {
  readonly lang: 'auto' | 'en' | 'zh';
  readonly lowercase: boolean;
  readonly stopWords: ReadonlySet<string> | null;
  readonly ngramMin: number;
  readonly ngramMax: number;
  readonly dictionary: ReadonlySet<string> | null;
  /** Length of the longest dictionary word, which bounds the merge look-ahead. */
  readonly dictionaryMaxLength: number;
  readonly chunkSize: number;
}

/** Dictionary words can only match runs of adjacent segments, which never contain white space. */
const WHITE_SPACE = /\s/u;

const KNOWN = ['lang', 'lowercase', 'stopWords', 'ngram', 'dictionary', 'chunkSize'] as const;

/** Smallest and largest `chunkSize`: below, sentences are cut needlessly; above, ICU turns superlinear. */
export const CHUNK_SIZE_RANGE = { min: 64, max: 32768 } as const;

/** Checks every option and fills in the defaults; throws an `invalid-option` {@link RivuletError}. */
export function resolveTokenizerOptions(options: TokenizerOptions | undefined): TokenizerSettings {
  knownOptions(STAGE, options, KNOWN);
  const o: TokenizerOptions = options ?? {};
  const lang = o.lang === undefined ? 'auto' : oneOfOption(STAGE, 'lang', o.lang, ['auto', 'en', 'zh']);
  const lowercase = o.lowercase === undefined ? true : booleanOption(STAGE, 'lowercase', o.lowercase);
  const [ngramMin, ngramMax] = resolveNgram(o.ngram);
  const dictionary = resolveDictionary(o.dictionary, lang, lowercase);
  let dictionaryMaxLength = 0;
  if (dictionary)
    for (const word of dictionary) dictionaryMaxLength = Math.max(dictionaryMaxLength, word.length);
  const chunkSize =
    o.chunkSize === undefined ? 4096 : integerOption(STAGE, 'chunkSize', o.chunkSize, CHUNK_SIZE_RANGE);
  return {
    lang,
    lowercase,
    stopWords: resolveStopWords(o.stopWords),
    ngramMin,
    ngramMax,
    dictionary,
    dictionaryMaxLength,
    chunkSize,
  };
}

function resolveNgram(ngram: unknown): [number, number] {
  if (ngram === undefined) return [1, 1];
  if (typeof ngram === 'number') {
    const n = integerOption(STAGE, 'ngram', ngram, { min: 1 });
    return [n, n];
  }
  if (!Array.isArray(ngram) || ngram.length !== 2) {
    invalidOption(
      STAGE,
      'ngram',
      'an integer ≥ 1 or a pair [min, max] of integers with 1 ≤ min ≤ max',
      ngram,
    );
  }
  const min = integerOption(STAGE, 'ngram[0]', ngram[0], { min: 1 });
  const max = integerOption(STAGE, 'ngram[1]', ngram[1], { min, label: `[ngram[0], ∞) = [${min}, ∞)` });
  return [min, max];
}

function resolveStopWords(stopWords: unknown): ReadonlySet<string> | null {
  if (stopWords === undefined || stopWords === null) return null;
  if (stopWords === 'en') return ENGLISH_STOP_WORDS;
  if (stopWords === 'zh') return CHINESE_STOP_WORDS;
  const expected = `'en', 'zh', null, or an array or Set of strings`;
  if (!Array.isArray(stopWords) && !(stopWords instanceof Set))
    invalidOption(STAGE, 'stopWords', expected, stopWords);
  let i = 0;
  for (const word of stopWords as Iterable<unknown>) {
    if (typeof word !== 'string') invalidOption(STAGE, `stopWords[${i}]`, 'a string', word);
    i++;
  }
  return new Set(stopWords as Iterable<string>);
}

function resolveDictionary(
  dictionary: unknown,
  lang: TokenizerSettings['lang'],
  lowercase: boolean,
): ReadonlySet<string> | null {
  if (dictionary === undefined) return null;
  if (!Array.isArray(dictionary)) invalidOption(STAGE, 'dictionary', 'an array of strings', dictionary);
  for (let i = 0; i < dictionary.length; i++) {
    const word: unknown = dictionary[i];
    if (typeof word !== 'string' || word.length === 0 || WHITE_SPACE.test(word)) {
      invalidOption(STAGE, `dictionary[${i}]`, 'a non-empty string without whitespace', word);
    }
  }
  if (dictionary.length === 0) return null;
  if (lang === 'en') {
    throw new RivuletError(
      'invalid-option',
      STAGE,
      `dictionary applies to text split by Intl.Segmenter, which lang "en" never uses; use lang "auto" or "zh", got lang "en" with ${dictionary.length} dictionary words`,
      { parameter: 'dictionary' },
    );
  }
  return new Set(lowercase ? dictionary.map((w: string) => w.toLowerCase()) : dictionary);
}
