/**
 * A seeded pseudo-random generator: the 32-bit Mersenne Twister (Matsumoto & Nishimura 1998, "Mersenne
 * Twister: a 623-dimensionally equidistributed uniform pseudo-random number generator"), seeded and sampled
 * as numpy's legacy `RandomState` does, so that `new Random(s)` draws the same uniforms (`random_sample`)
 * and normals (`standard_normal`, Marsaglia's polar method) as `numpy.random.RandomState(s)`. That lets a
 * seeded random NMF start match scikit-learn's `init='random', random_state=s` number for number.
 *
 * @example
 * ```ts
 * import { Random } from '@rivulet/linalg';
 * const rng = new Random(0);
 * rng.next();   // 0.5488135039273248, as numpy.random.RandomState(0).random_sample()
 * rng.normal(); // a standard normal deviate
 * ```
 */
export class Random {
  private readonly state = new Uint32Array(624);
  private index = 624;
  private hasSpare = false;
  private spare = 0;

  /** @param seed an integer in [0, 2³² − 1] (numpy's bounds for a legacy seed). */
  constructor(seed = 0) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Random: seed must be an integer in [0, 4294967295], got ${String(seed)}`);
    }
    const mt = this.state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 · prev mod 2³², split in 16-bit halves to stay exact in doubles.
      mt[i] = ((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i;
    }
  }

  /** The next raw 32-bit output (`genrand_int32`). */
  nextUint32(): number {
    const mt = this.state;
    if (this.index >= 624) {
      twist(mt);
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits (numpy's `random_sample`). */
  next(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A standard normal deviate (numpy's legacy `standard_normal`: the polar method, one value cached). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.next() - 1;
      x2 = 2 * this.next() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.spare = f * x1;
    this.hasSpare = true;
    return f * x2;
  }

  /**
   * Fills `out` with standard normal deviates, the values {@link normal} returns one call at a time: the
   * randomized SVD's test matrix, `cols × (k + 10)` of them.
   */
  fillNormal(out: Float64Array): void {
    for (let p = 0; p < out.length; p++) out[p] = this.normal();
  }

  /**
   * A uniform integer in [0, max] by masked rejection on 32-bit draws (numpy's legacy `random_interval`),
   * for `max` in [0, 2³² − 1].
   */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** Writes a random permutation of 0 … n − 1 into `out` (numpy's legacy `permutation(n)`). */
  permutation(n: number, out: Int32Array): Int32Array {
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}

/**
 * Regenerates the 624 words of the state (`genrand_int32`'s refill), in three runs without a modulo. The
 * matrix A is applied as `-(y & 1) & 0x9908b0df` (all ones or all zeros, then masked) rather than a branch
 * on the low bit, which is a coin flip the processor mispredicts half the time.
 */
function twist(mt: Uint32Array): void {
  let k = 0;
  for (; k < 227; k++) {
    const y = (mt[k] & 0x80000000) | (mt[k + 1] & 0x7fffffff);
    mt[k] = mt[k + 397] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
  }
  for (; k < 623; k++) {
    const y = (mt[k] & 0x80000000) | (mt[k + 1] & 0x7fffffff);
    mt[k] = mt[k - 227] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
  }
  const y = (mt[623] & 0x80000000) | (mt[0] & 0x7fffffff);
  mt[623] = mt[396] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
}
