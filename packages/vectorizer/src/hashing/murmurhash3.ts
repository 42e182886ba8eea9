const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/**
 * MurmurHash3 x86_32 (Austin Appleby's public-domain reference, `MurmurHash3_x86_32`) of the UTF-8 bytes of
 * `text`, as a signed 32-bit integer: the same number as scikit-learn's
 * `sklearn.utils.murmurhash3_32(text, seed, positive=False)`, which `HashingVectorizer` uses.
 *
 * @example
 * ```ts
 * import { murmurhash3 } from '@rivulet/vectorizer';
 * murmurhash3('a'); // 1009084850
 * ```
 * @param text hashed as UTF-8 (no Unicode normalisation, as scikit-learn)
 * @param seed an unsigned 32-bit seed (0 as scikit-learn's hashing vectorizer)
 * @return the hash in [−2³¹, 2³¹)
 */
export function murmurhash3(text: string, seed = 0): number {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const length = encoder.encodeInto(text, scratch).written;
  return murmurhash3Bytes(scratch, length, seed);
}

/** {@link murmurhash3} over the first `length` bytes of `bytes`. */
export function murmurhash3Bytes(bytes: Uint8Array, length: number, seed = 0): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2] << 16;
    if (tail >= 2) k ^= bytes[blocks + 1] << 8;
    k ^= bytes[blocks];
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
