/**
 * The regular expressions of the tokenizer, compiled once (the hot paths never build one).
 *
 * A word character is a letter, number, combining mark or underscore. Matching maximal runs of at least two
 * of them is scikit-learn's default `token_pattern` `(?u)\b\w\w+\b` (which, on Python `str`, means letters,
 * numbers and `_`), with one deliberate difference: combining marks (`\p{M}`) continue a word instead of
 * splitting it, so decomposed accents (`cafe\u0301`) and Indic vowel signs stay inside their word.
 */

/** Han ideographs, Hiragana, Katakana and the prolonged sound mark ー: what goes to `Intl.Segmenter`. */
const CJK = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30FC`;
const WORD = String.raw`\p{L}\p{N}\p{M}_`;
/** Horizontal white space around a single line break; two breaks (a blank line) end a paragraph. */
const WRAP = String.raw`[^\S\n]*\n[^\S\n]*`;

/** Words of two or more word characters (scikit-learn's default pattern, see above). */
export const WORD_PATTERN = new RegExp(`[${WORD}]{2,}`, 'gu');

/**
 * One pass over mixed text: a CJK region — CJK characters, possibly with punctuation, spaces and line breaks
 * (no other word characters) between them, segmented in one call since the segmenter breaks at those
 * anyway — or a word of two or more non-CJK word characters. Set subtraction (`--`) needs the `v` flag.
 */
export const MIXED_PATTERN = new RegExp(`[${CJK}]+(?:[^${WORD}]*[${CJK}]+)*|[[${WORD}]--[${CJK}]]{2,}`, 'gv');

/** Any CJK character: documents without one take the word pattern alone. */
export const HAS_CJK = new RegExp(`[${CJK}]`, 'u');

/** A CJK character at `lastIndex` (sticky): tells the CJK regions of {@link MIXED_PATTERN} from words. */
export const CJK_AT = new RegExp(`[${CJK}]`, 'uy');

/** A line break, with the white space around it, between two CJK characters: a hard wrap to undo. */
export const CJK_WRAP = new RegExp(`(?<=[${CJK}])${WRAP}(?=[${CJK}])`, 'gu');

/** A letter or a number: segments without one (punctuation, symbols, emoji) are never tokens. */
export const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/**
 * A format character (`\p{Cf}`: BOM, ZWJ, bidi marks) or white space, which ICU can keep inside a word (the
 * narrow no-break space U+202F joins words as ExtendNumLet, for Mongolian); see {@link INVISIBLES}.
 */
export const INVISIBLE = /[\p{Cf}\p{Z}\s]/u;

/** Every invisible character, to remove from a segmenter word so that `word\uFEFF` and `word` are one token. */
export const INVISIBLES = /[\p{Cf}\p{Z}\s]/gu;
