/**
 * Chinese stop words: particles, pronouns, copulas, prepositions, conjunctions, adverbs of degree and
 * other common function words (的 了 和 是 在 我 有 …), in the forms Intl.Segmenter emits them. Used
 * with `stopWords: 'zh'`; combine with {@link ENGLISH_STOP_WORDS} for mixed text by passing an array.
 *
 * @example
 * ```ts
 * import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS, tokenize } from '@rivulet/tokenizer';
 * tokenize({ stopWords: [...CHINESE_STOP_WORDS, ...ENGLISH_STOP_WORDS] });
 * ```
 */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  `
的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 哦 啦 么
我 你 您 他 她 它 我们 你们 他们 她们 它们 咱们 自己 大家 人家
这 那 这个 那个 这些 那些 这里 那里 这样 那样 这种 那种 此 其 之 其中 其他 其它 某
是 有 没有 没 在 为 为了 以 于 与 和 跟 同 及 以及 并 并且 而 而且 或 或者 还是 但 但是 可是 然而
因为 所以 因此 如果 虽然 即使 尽管 只要 只有 除了 于是 然后 那么
把 被 让 给 对 对于 关于 从 向 往 到 由 按 按照 根据 通过 比
也 都 又 还 就 才 再 很 太 更 最 非常 已 已经 曾 曾经 正在 将 将要 会 能 可以 可能 应该 要 不 不是 别
一 一个 一些 一样 一种 每 各 个 些 什么 怎么 怎样 如何 为什么 哪 哪里 谁 多少 几
上 下 中 里 内 外 前 后 之后 之前 时 时候 等 等等
`
    .trim()
    .split(/\s+/),
);
