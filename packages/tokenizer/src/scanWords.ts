import { HASH_SEED, hashFinish, hashStep } from '@rivulet/core';
import { CJK_CHAR } from './patterns.js';

/** Character classes of the scanner, as bits so that a word's test is one mask. */
const OTHER = 0;
/** A letter, number or `_`: what Python's `\w` matches on `str`. */
const BASE = 1;
/** A combining mark (`\p{M}`): continues a word, never starts or counts towards one. */
const MARK = 2;
/** A Han, Hiragana or Katakana letter or number (or ー), a base character too. */
const CJK = 4;
/** A Han symbol that is no letter (a radical, ⺀): part of a CJK region, otherwise nothing. */
const CJK_SYMBOL = 8;
/** Not classified yet, or a high surrogate (whose class is its pair's): ask {@link classAt}. */
const UNKNOWN = 255;

const BASE_CHAR = /[\p{L}\p{N}_]/u;
const MARK_CHAR = /\p{M}/u;

/**
 * Classes of the Basic Multilingual Plane, filled as characters are first seen; a high surrogate stays
 * UNKNOWN, so a class read from here is that of a character one code unit wide.
 */
const bmp = new Uint8Array(0x10000).fill(UNKNOWN);

function classify(char: string): number {
  if (BASE_CHAR.test(char)) return CJK_CHAR.test(char) ? CJK : BASE;
  if (MARK_CHAR.test(char)) return MARK;
  return CJK_CHAR.test(char) ? CJK_SYMBOL : OTHER;
}

/** The class of the code point at `i` (a lone surrogate is OTHER); see {@link width}. */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) {
    const known = bmp[c];
    if (known !== UNKNOWN) return known;
    const cls = c >= 0xdc00 && c <= 0xdfff ? OTHER : classify(String.fromCharCode(c));
    bmp[c] = cls;
    return cls;
  }
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? classify(text.slice(i, i + 2)) : OTHER;
}

/** Code units taken by the code point at `i`: 2 for a surrogate pair, else 1. */
function width(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/**
 * Calls `word` with the bounds of every word of `text` (the word is `text.slice(start, end)`, left to the
 * caller to cut out or not) and its `TermTable.hash`, computed as the characters are read, and `region` for every CJK region, in order, in one pass with
 * constant stack whatever the text's length (a regular expression over a run of millions of characters
 * overflows V8's backtracking stack).
 *
 * A word is scikit-learn's default `token_pattern` `(?u)\b\w\w+\b`: a run of letters, numbers and `_` with
 * at least two of them. Combining marks continue a word (decomposed accents and Indic vowel signs stay
 * inside it, where Python's `\w` would split) but neither start one nor count towards the two, so `a` +
 * U+0301 is no token, as in scikit-learn. With `regions` false, CJK characters are ordinary letters (a Han
 * run is one word, as in scikit-learn); with `regions` true, a CJK region — CJK characters with only
 * non-word characters (punctuation, spaces, line breaks) between them — is handed to `region` whole, and
 * ends any word next to it.
 */
export function scanWords(
  text: string,
  regions: boolean,
  word: (start: number, end: number, hash: number) => void,
  region: (text: string) => void,
): void {
  // Classes that are base characters of a word, counting towards its two: CJK ones only without regions.
  const counted = regions ? BASE : BASE | CJK;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let cls = bmp[c];
    if (cls === UNKNOWN) cls = classAt(text, i);
    if ((cls & counted) !== 0) {
      const start = i;
      let bases = 0;
      let h = HASH_SEED;
      while (i < n) {
        const d = text.charCodeAt(i);
        let next = bmp[d];
        let units = 1;
        if (next === UNKNOWN) {
          next = classAt(text, i);
          units = width(text, i);
        }
        if ((next & counted) !== 0) bases++;
        else if (next !== MARK) break;
        h = hashStep(h, d);
        if (units === 2) h = hashStep(h, text.charCodeAt(i + 1));
        i += units;
      }
      if (bases >= 2) word(start, i, hashFinish(h));
    } else if (regions && (cls === CJK || cls === CJK_SYMBOL)) {
      const start = i;
      let end = i + width(text, i);
      i = end;
      while (i < n) {
        const next = classAt(text, i);
        if (next === BASE || next === MARK) break;
        i += width(text, i);
        if (next === CJK || next === CJK_SYMBOL) end = i;
      }
      region(text.slice(start, end));
      i = end;
    } else i += width(text, i);
  }
}

/**
 * Whether a segmenter word is a token: it holds a CJK character (a single Han character is a word), or two
 * base characters (letters, numbers, `_`) by the rule of {@link scanWords}. The segmenter returns single
 * Latin letters and digits as words; as tokens they are noise (`i`, `v`, `0`, `1` were four of the top
 * six terms of a topic of Chinese posts), and scikit-learn's pattern drops them too.
 */
export function isSegmentWord(segment: string): boolean {
  let bases = 0;
  for (let i = 0; i < segment.length; i += width(segment, i)) {
    const cls = classAt(segment, i);
    if (cls === CJK || cls === CJK_SYMBOL) return true;
    if (cls === BASE && ++bases === 2) return true;
  }
  return false;
}
