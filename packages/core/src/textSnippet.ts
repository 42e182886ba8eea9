/**
 * The first `length` characters of a text for showing beside a result: runs of white space (newlines
 * included) become one space, the ends are trimmed, and a text cut short ends with `…`. Characters are
 * code points, so a CJK character or an emoji is never split.
 *
 * @example
 * ```ts
 * import { textSnippet } from '@rivulet/core';
 * textSnippet('A  fox\njumps over the dog', 11); // 'A fox jumps…'
 * ```
 */
export function textSnippet(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const points = Array.from(flat);
  return points.length <= length ? flat : `${points.slice(0, length).join('')}…`;
}
