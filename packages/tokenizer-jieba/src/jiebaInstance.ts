import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * The frequency a user-dictionary word gets: the highest in jieba's bundled dictionary (的, 883,634 in
 * @node-rs/jieba 2.0.3's dict.txt; a test checks it against the installed file). jieba picks the
 * segmentation of highest total probability, so at this frequency a user word wins over every dictionary
 * word it overlaps — the "kept whole" promise of the shared `dictionary` option.
 */
export const USER_WORD_FREQUENCY = 883_634;

/** How many jieba instances with a user dictionary are kept (each holds ~45 MB and takes ~0.15 s to build). */
const KEPT = 3;

let plain: Jieba | undefined;
const withWords = new Map<string, Jieba>();

/**
 * A jieba segmenter with the bundled dictionary plus `words`. The one without user words is built once
 * per process; one with words is built per distinct word set, the last {@link KEPT} kept, because jieba
 * adds words to an instance for good (two tokenizers must not see each other's words).
 */
export function jiebaInstance(words: ReadonlySet<string> | null): Jieba {
  if (words === null) {
    plain ??= Jieba.withDict(dict);
    return plain;
  }
  const key = [...words].sort().join('\n');
  const cached = withWords.get(key);
  if (cached !== undefined) {
    withWords.delete(key);
    withWords.set(key, cached);
    return cached;
  }
  const jieba = Jieba.withDict(dict);
  // One word per line, "word frequency", as jieba's user dictionaries are written.
  jieba.loadDict(Buffer.from([...words].map((w) => `${w} ${USER_WORD_FREQUENCY}\n`).join('')));
  withWords.set(key, jieba);
  if (withWords.size > KEPT) withWords.delete(withWords.keys().next().value as string);
  return jieba;
}
