/**
 * Normalised mutual information between two labellings of the same items, with the arithmetic mean of the
 * entropies as normaliser: scikit-learn 1.2's `normalized_mutual_info_score(a, b)` (natural logs; 1 when
 * both labellings put everything in one cluster). Strehl & Ghosh (2002), "Cluster ensembles".
 *
 * @example
 * ```ts
 * import { normalizedMutualInformation } from '@rivulet/cli';
 * normalizedMutualInformation(['a', 'a', 'b'], [0, 0, 1]); // 1
 * ```
 */
export function normalizedMutualInformation(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
): number {
  if (a.length !== b.length) {
    throw new RangeError(
      `normalizedMutualInformation: labellings differ in length, ${a.length} and ${b.length}`,
    );
  }
  const n = a.length;
  const codesA = encode(a);
  const codesB = encode(b);
  if ((codesA.classes === 1 && codesB.classes === 1) || n === 0) return 1;
  const countA = new Float64Array(codesA.classes);
  const countB = new Float64Array(codesB.classes);
  const joint = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    countA[codesA.codes[i]]++;
    countB[codesB.codes[i]]++;
    const key = codesA.codes[i] * codesB.classes + codesB.codes[i];
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  let mi = 0;
  for (const [key, nij] of joint) {
    const i = Math.floor(key / codesB.classes);
    const j = key - i * codesB.classes;
    mi += (nij / n) * Math.log((n * nij) / (countA[i] * countB[j]));
  }
  // Rounding can leave a tiny negative MI for independent labellings; scikit-learn returns 0 then.
  if (mi <= 0) return 0;
  return mi / ((entropy(countA, n) + entropy(countB, n)) / 2);
}

function encode(labels: readonly (string | number)[]): { codes: Int32Array; classes: number } {
  const index = new Map<string | number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let code = index.get(labels[i]);
    if (code === undefined) {
      code = index.size;
      index.set(labels[i], code);
    }
    codes[i] = code;
  }
  return { codes, classes: index.size };
}

function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) h -= (counts[i] / n) * Math.log(counts[i] / n);
  return h;
}
