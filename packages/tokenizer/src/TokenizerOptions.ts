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
import { ICU_SEGMENTATION } from './icuSegmentation.js';
import type { Segmentation, Segmenter } from './Segmentation.js';

/**
 * The options every tokenizer built on this package's rules takes, whatever cuts its CJK text into words
 * (see {@link Segmentation}): the default `Intl.Segmenter` or a plugin's segmenter such as jieba.
 */
export interface SharedTokenizerOptions {
  /**
   * `'auto'` (default): runs of Han/Hiragana/Katakana go to the segmenter (`Intl.Segmenter('zh')` by
   * default), everything else to the word pattern; `'en'`: the word pattern only, never the segmenter
   * (scikit-learn's behaviour, where a run of Han characters is one token); `'zh'`: the whole text goes
   * through the segmenter.
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
   * Words kept whole by the segmenter; `Intl.Segmenter`'s adjacent words whose concatenation is one of
   * these are merged (greedy, longest match first), e.g. 微|信 → 微信. Entries are non-empty strings
   * without whitespace. Applies to segmented text, so it is an error with `lang: 'en'`.
   */
  readonly dictionary?: readonly string[];
}

/**
 * Options of {@link tokenize} and {@link createTokenizer}: the shared ones and `chunkSize`, which only
 * `Intl.Segmenter` needs.
 *
 * @example
 * ```ts
 * import { createTokenizer } from '@rivulet/tokenizer';
 * createTokenizer({ lang: 'zh', dictionary: ['微信'], stopWords: 'zh', ngram: [1, 2] });
 * ```
 */
export interface TokenizerOptions extends SharedTokenizerOptions {
  /**
   * Longest piece of text, in UTF-16 code units, given to `Intl.Segmenter` at once (default 4096). Pieces
   * end at sentence punctuation or line breaks where possible; the bound keeps segmenting linear (ICU is
   * badly superlinear on long strings: 64 KB at once took seconds).
   */
  readonly chunkSize?: number;
}

/** The validated shared options, in the form the tokenizer uses them. */
export interface SharedTokenizerSettings {
  /** The stage named in error messages: `tokenize`, or a segmentation's own (`tokenize-jieba`). */
  readonly stage: string;
  readonly lang: 'auto' | 'en' | 'zh';
  readonly lowercase: boolean;
  readonly stopWords: ReadonlySet<string> | null;
  readonly ngramMin: number;
  readonly ngramMax: number;
  /** The user dictionary, lower-cased when `lowercase` is on; `null` when none or empty. */
  readonly dictionary: ReadonlySet<string> | null;
}

/** Validated options with the segmenter built for them. */
export interface TokenizerSettings extends SharedTokenizerSettings {
  readonly segment: Segmenter;
}

/** Dictionary words can only match runs of adjacent segments, which never contain white space. */
const WHITE_SPACE = /\s/u;

/** The shared option names, in the order "known options" lists them. */
export const SHARED_OPTIONS = ['lang', 'lowercase', 'stopWords', 'ngram', 'dictionary'] as const;

/**
 * Checks every option and fills in the defaults, then builds the segmenter of `segmentation` (by default
 * `Intl.Segmenter`, see {@link ICU_SEGMENTATION}); throws an `invalid-option` {@link RivuletError} naming
 * the segmentation's stage.
 *
 * @example
 * ```ts
 * import { resolveTokenizerOptions } from '@rivulet/tokenizer';
 * resolveTokenizerOptions({ stopWords: 'zh', ngram: [1, 2] }).ngramMax; // 2
 * ```
 */
export function resolveTokenizerOptions(options: TokenizerOptions | undefined): TokenizerSettings;
export function resolveTokenizerOptions<O extends SharedTokenizerOptions>(
  options: O | undefined,
  segmentation: Segmentation<O>,
): TokenizerSettings;
export function resolveTokenizerOptions<O extends SharedTokenizerOptions>(
  options: O | undefined,
  segmentation?: Segmentation<O>,
): TokenizerSettings {
  const seg = (segmentation ?? ICU_SEGMENTATION) as Segmentation<O>;
  const stage = seg.stage;
  knownOptions(stage, options, [...SHARED_OPTIONS, ...seg.options]);
  const o = options ?? ({} as O);
  const lang = o.lang === undefined ? 'auto' : oneOfOption(stage, 'lang', o.lang, ['auto', 'en', 'zh']);
  const lowercase = o.lowercase === undefined ? true : booleanOption(stage, 'lowercase', o.lowercase);
  const [ngramMin, ngramMax] = resolveNgram(stage, o.ngram);
  const shared: SharedTokenizerSettings = {
    stage,
    lang,
    lowercase,
    stopWords: resolveStopWords(stage, o.stopWords),
    ngramMin,
    ngramMax,
    dictionary: resolveDictionary(stage, seg.segmenterName, o.dictionary, lang, lowercase),
  };
  return { ...shared, segment: seg.create(o, shared) };
}

function resolveNgram(stage: string, ngram: unknown): [number, number] {
  if (ngram === undefined) return [1, 1];
  if (typeof ngram === 'number') {
    const n = integerOption(stage, 'ngram', ngram, { min: 1 });
    return [n, n];
  }
  if (!Array.isArray(ngram) || ngram.length !== 2) {
    invalidOption(
      stage,
      'ngram',
      'an integer ≥ 1 or a pair [min, max] of integers with 1 ≤ min ≤ max',
      ngram,
    );
  }
  const min = integerOption(stage, 'ngram[0]', ngram[0], { min: 1 });
  const max = integerOption(stage, 'ngram[1]', ngram[1], { min, label: `[ngram[0], ∞) = [${min}, ∞)` });
  return [min, max];
}

function resolveStopWords(stage: string, stopWords: unknown): ReadonlySet<string> | null {
  if (stopWords === undefined || stopWords === null) return null;
  if (stopWords === 'en') return ENGLISH_STOP_WORDS;
  if (stopWords === 'zh') return CHINESE_STOP_WORDS;
  const expected = `'en', 'zh', null, or an array or Set of strings`;
  if (!Array.isArray(stopWords) && !(stopWords instanceof Set))
    invalidOption(stage, 'stopWords', expected, stopWords);
  let i = 0;
  for (const word of stopWords as Iterable<unknown>) {
    if (typeof word !== 'string') invalidOption(stage, `stopWords[${i}]`, 'a string', word);
    i++;
  }
  return new Set(stopWords as Iterable<string>);
}

function resolveDictionary(
  stage: string,
  segmenterName: string,
  dictionary: unknown,
  lang: TokenizerSettings['lang'],
  lowercase: boolean,
): ReadonlySet<string> | null {
  if (dictionary === undefined) return null;
  if (!Array.isArray(dictionary)) invalidOption(stage, 'dictionary', 'an array of strings', dictionary);
  for (let i = 0; i < dictionary.length; i++) {
    const word: unknown = dictionary[i];
    if (typeof word !== 'string' || word.length === 0 || WHITE_SPACE.test(word)) {
      invalidOption(stage, `dictionary[${i}]`, 'a non-empty string without whitespace', word);
    }
  }
  if (dictionary.length === 0) return null;
  if (lang === 'en') {
    throw new RivuletError(
      'invalid-option',
      stage,
      `dictionary applies to text split by ${segmenterName}, which lang "en" never uses; use lang "auto" or "zh", got lang "en" with ${dictionary.length} dictionary words`,
      { parameter: 'dictionary' },
    );
  }
  return new Set(lowercase ? dictionary.map((w: string) => w.toLowerCase()) : dictionary);
}
