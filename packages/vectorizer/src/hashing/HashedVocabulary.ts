import { hasBrand, integerOption, setBrand } from '@rivulet/core';

/** The brand of HashedVocabulary instances, shared by every copy of this package. */
const HASHED_VOCABULARY_BRAND = Symbol.for('rivulet.HashedVocabulary');

/**
 * A bounded reverse map from hash bucket to the term seen most in it, so that topics learnt on hashed
 * features still have words (`topTerms(H, vocabulary.asVocabulary(nFeatures), 10)`). scikit-learn's
 * `HashingVectorizer` keeps no such map: a hashed model there cannot name its features.
 *
 * Each tracked bucket holds one candidate term and a counter updated by the Boyer–Moore majority vote
 * (Boyer & Moore 1991, "MJRTY — a fast majority vote algorithm"): the same term adds one, another term
 * takes one away and replaces the candidate when the counter reaches zero. A term that fills more than
 * half of a bucket's occurrences is therefore always the one kept, in O(1) memory per bucket. At most
 * `capacity` buckets are tracked; buckets first seen once the map is full stay unnamed (their label is
 * `#<bucket>`), so memory is bounded whatever the length of the stream.
 *
 * @example
 * ```ts
 * import { HashedVocabulary } from '@rivulet/vectorizer';
 * const vocabulary = new HashedVocabulary(1000);
 * vocabulary.observe(7, 'cat');
 * vocabulary.termOf(7); // 'cat'
 * vocabulary.vocabularyFor([7, 8]); // ['cat', '#8']
 * ```
 */
export class HashedVocabulary {
  /**
   * True for a HashedVocabulary made by any copy of `@rivulet/vectorizer` (the
   * `Symbol.for('rivulet.HashedVocabulary')` brand, never `instanceof`, which fails across copies).
   */
  static is(value: unknown): value is HashedVocabulary {
    return hasBrand(value, HASHED_VOCABULARY_BRAND);
  }

  /** The most buckets tracked. */
  readonly capacity: number;
  private readonly terms = new Map<number, string>();
  private readonly votes = new Map<number, number>();

  /** @param capacity the most buckets tracked, an integer ≥ 0 (default 100 000; 0 keeps no terms). */
  constructor(capacity = 100_000) {
    this.capacity = integerOption('hashingVectorize', 'maxTerms', capacity, { min: 0 });
  }

  /** Number of buckets that have a term. */
  get size(): number {
    return this.terms.size;
  }

  /** Counts one occurrence of `term` in `bucket`. */
  observe(bucket: number, term: string): void {
    const current = this.terms.get(bucket);
    if (current === undefined) {
      if (this.terms.size < this.capacity) {
        this.terms.set(bucket, term);
        this.votes.set(bucket, 1);
      }
      return;
    }
    const votes = this.votes.get(bucket) as number;
    if (current === term) this.votes.set(bucket, votes + 1);
    else if (votes > 1) this.votes.set(bucket, votes - 1);
    else {
      this.terms.set(bucket, term);
      this.votes.set(bucket, 1);
    }
  }

  /** The term kept for `bucket`, or undefined when none was kept. */
  termOf(bucket: number): string | undefined {
    return this.terms.get(bucket);
  }

  /** A label per bucket: its term, or `#<bucket>` when none was kept. */
  vocabularyFor(buckets: Iterable<number>): string[] {
    const out: string[] = [];
    for (const b of buckets) out.push(this.terms.get(b) ?? `#${b}`);
    return out;
  }

  /**
   * A read-only, live array view of length `nFeatures` whose entry j is the label of bucket j, to serve as
   * a `DocTermMatrix`'s vocabulary without allocating `nFeatures` strings (2²⁰ by default).
   */
  asVocabulary(nFeatures: number): readonly string[] {
    const label = (key: string | symbol): string | undefined => {
      if (typeof key !== 'string') return undefined;
      const j = Number(key);
      if (!Number.isInteger(j) || j < 0 || j >= nFeatures || String(j) !== key) return undefined;
      return this.terms.get(j) ?? `#${j}`;
    };
    return new Proxy([] as string[], {
      get(target, key, receiver) {
        if (key === 'length') return nFeatures;
        return label(key) ?? Reflect.get(target, key, receiver);
      },
      has(target, key) {
        return label(key) !== undefined || Reflect.has(target, key);
      },
      set() {
        return false;
      },
    });
  }
}

setBrand(HashedVocabulary.prototype, HASHED_VOCABULARY_BRAND);
