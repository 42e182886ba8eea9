import { INVISIBLE, INVISIBLES, LETTER_OR_NUMBER } from './patterns.js';
import { isSegmentWord } from './scanWords.js';

/** What {@link segmentChinese} needs: the user dictionary, its longest word's length, the piece size. */
export interface IcuSettings {
  readonly dictionary: ReadonlySet<string> | null;
  /** Length of the longest dictionary word, which bounds the merge look-ahead. */
  readonly dictionaryMaxLength: number;
  readonly chunkSize: number;
}

let cached: Intl.Segmenter | undefined;

/** One word segmenter for the whole process: creating one loads ICU's dictionaries, which is slow. */
function segmenter(): Intl.Segmenter {
  cached ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return cached;
}

/**
 * Appends the words of `text` to `out`: the word-like segments of `Intl.Segmenter('zh')`, with adjacent
 * segments merged into user-dictionary words. A segment without a letter or number is never a word, nor
 * is one without a CJK character and with fewer than two letters or numbers (`i`, `0`); format
 * characters (a byte-order mark) and white space, which ICU can keep inside a word, are removed from it.
 * The text is cut into pieces of at most `settings.chunkSize` code units first, see {@link nextCut}, so
 * the cost stays linear in the length of the text.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * segmentChinese('我们需要稳定的微信支付接口', settings, out); // 我们 需要 稳定 的 微 信 支付 接口
 * ```
 */
export function segmentChinese(text: string, settings: IcuSettings, out: string[]): void {
  // With a dictionary, words are gathered until a non-word segment ends a run of adjacent ones.
  const merging = settings.dictionary !== null;
  const words = merging ? ([] as string[]) : out;
  for (let start = 0; start < text.length; ) {
    const end = nextCut(text, start, settings.chunkSize);
    const piece = start === 0 && end === text.length ? text : text.slice(start, end);
    for (const { segment, isWordLike } of segmenter().segment(piece)) {
      if (isWordLike && LETTER_OR_NUMBER.test(segment) && isSegmentWord(segment)) {
        words.push(INVISIBLE.test(segment) ? segment.replace(INVISIBLES, '') : segment);
      } else if (merging && words.length > 0) mergeDictionaryWords(words, settings, out);
    }
    if (merging && words.length > 0) mergeDictionaryWords(words, settings, out);
    start = end;
  }
}

/**
 * Greedy longest match: from each segment, the longest run of following segments whose concatenation is
 * a dictionary word (never longer than the longest word) becomes one token. Consumes `words`.
 */
function mergeDictionaryWords(words: string[], settings: IcuSettings, out: string[]): void {
  const dictionary = settings.dictionary as ReadonlySet<string>;
  const limit = settings.dictionaryMaxLength;
  for (let i = 0; i < words.length; ) {
    let joined = words[i];
    let best = i;
    let bestWord = joined;
    for (let j = i + 1; j < words.length; j++) {
      joined += words[j];
      if (joined.length > limit) break;
      if (dictionary.has(joined)) {
        best = j;
        bestWord = joined;
      }
    }
    out.push(bestWord);
    i = best + 1;
  }
  words.length = 0;
}

/** Sentence ends and line breaks: the preferred places to cut. */
function isSentenceEnd(c: number): boolean {
  return (
    c === 0x0a || // \n
    c === 0x3002 || // 。
    c === 0xff01 || // ！
    c === 0xff1f || // ？
    c === 0xff1b || // ；
    c === 0x21 || // !
    c === 0x3f || // ?
    c === 0x3b || // ;
    c === 0x2026 || // …
    c === 0xff0e // ．
  );
}

/** Clause breaks and spaces: the next best places to cut. */
function isClauseBreak(c: number): boolean {
  return c === 0xff0c || c === 0x3001 || c === 0x2c || c === 0xff1a || c === 0x3a || c === 0x20 || c === 0x09;
}

/**
 * Where the piece starting at `start` ends: the text end if it is near; otherwise just after the last
 * sentence end in the second half of the window of `size`, else after the last clause break there, else
 * at the window end (never between the halves of a surrogate pair). Scanning half a window to advance at
 * least half a window keeps the whole cut linear.
 */
function nextCut(text: string, start: number, size: number): number {
  const limit = start + size;
  if (limit >= text.length) return text.length;
  const half = start + (size >> 1);
  for (let i = limit - 1; i >= half; i--) if (isSentenceEnd(text.charCodeAt(i))) return i + 1;
  for (let i = limit - 1; i >= half; i--) if (isClauseBreak(text.charCodeAt(i))) return i + 1;
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
}
