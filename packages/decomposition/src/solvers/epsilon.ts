/** float32 machine epsilon, scikit-learn's `EPSILON` for zero denominators in NMF. */
export const EPSILON = 2 ** -23;

/** float64 machine epsilon, scikit-learn's threshold below which MU zeroes factors when β ≤ 1. */
export const EPSILON64 = 2 ** -52;
