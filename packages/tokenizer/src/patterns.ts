/**
 * The regular expressions of the tokenizer, compiled once (the hot paths never build one). Words are
 * found by `scanWords`, not by a pattern: a pattern over a run of millions of characters overflows V8's
 * backtracking stack.
 */

/** Han ideographs, Hiragana, Katakana and the prolonged sound mark ー: what goes to `Intl.Segmenter`. */
const CJK = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30FC`;
/** Horizontal white space around a single line break; two breaks (a blank line) end a paragraph. */
const WRAP = String.raw`[^\S\n]*\n[^\S\n]*`;

/** A CJK character: what `scanWords` hands to the segmenter, and what may be a one-character token. */
export const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');

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
