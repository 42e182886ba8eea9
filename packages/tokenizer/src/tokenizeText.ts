import { CJK_AT, CJK_WRAP, HAS_CJK, MIXED_PATTERN, WORD_PATTERN } from './patterns.js';
import { segmentChinese } from './segmentChinese.js';
import type { TokenizerSettings } from './TokenizerOptions.js';

/**
 * The tokens of one text under validated settings: lower-case, split into words by the language rule,
 * then {@link finishTokens} (stop words, n-grams). Never throws on any string, and is linear in its length.
 */
export function tokenizeText(raw: string, settings: TokenizerSettings): string[] {
  const text = settings.lowercase ? raw.toLowerCase() : raw;
  let words: string[];
  if (settings.lang === 'en' || (settings.lang === 'auto' && !HAS_CJK.test(text))) {
    words = text.match(WORD_PATTERN) ?? [];
  } else if (settings.lang === 'zh') {
    words = [];
    segmentChinese(text.replace(CJK_WRAP, ''), settings, words);
  } else {
    words = [];
    for (const match of text.match(MIXED_PATTERN) ?? []) {
      CJK_AT.lastIndex = 0;
      if (!CJK_AT.test(match)) words.push(match);
      else segmentChinese(match.includes('\n') ? match.replace(CJK_WRAP, '') : match, settings, words);
    }
  }
  return finishTokens(words, settings);
}

/**
 * Removes stop words, then forms n-grams as scikit-learn's `_word_ngrams` does: for n from min to max,
 * every run of n consecutive tokens joined by a space. May return `tokens` itself.
 */
export function finishTokens(tokens: string[], settings: TokenizerSettings): string[] {
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
