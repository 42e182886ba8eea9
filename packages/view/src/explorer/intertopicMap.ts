import { DenseMatrix, thinSvd } from '@rivulet/linalg';

/**
 * The Jensen–Shannon distance between two discrete distributions, `√JSD(p, q)` with
 * `JSD = ½·KL(p‖m) + ½·KL(q‖m)`, `m = ½(p + q)`, in natural logarithms: 0 for equal distributions, at most
 * `√ln 2`. The square root is a metric that embeds isometrically in a Hilbert space (Endres & Schindelin
 * 2003; Fuglede & Topsøe 2004), so classical scaling of these distances loses nothing to negative
 * eigenvalues. (pyLDAvis scales the divergence itself, which is not a metric.)
 *
 * @param p, q the same length, each non-negative and summing to 1
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i];
    const b = q[i];
    // a / m written as 2a / (a + b): halving a subnormal a would round m to 0.
    if (a > 0) sum += a * Math.log((2 * a) / (a + b));
    if (b > 0) sum += b * Math.log((2 * b) / (a + b));
  }
  return Math.sqrt(Math.max(0, sum / 2));
}

/**
 * Classical multidimensional scaling (Torgerson 1952; Gower 1966 "principal coordinate analysis") of
 * `n` points into 2-D: double-centre the squared distances, `B = −½·J·D²·J` with `J = I − 11ᵀ/n`, and
 * take the two leading eigenvectors of `B` scaled by the square roots of their eigenvalues. This is what
 * pyLDAvis's default `js_PCoA` does for its intertopic distance map (Sievert & Shirley 2014). Signs follow
 * `thinSvd`'s fixed convention, so the same distances always give the same picture. An axis whose
 * eigenvalue is not positive (fewer than three points, or coincident ones) is all zeros.
 *
 * @param distances `n × n`, symmetric with a zero diagonal
 * @return `n` points as `[x, y]`
 */
export function classicalMds(distances: DenseMatrix): [number, number][] {
  const n = distances.rows;
  if (n === 0) return [];
  const b = new Float64Array(n * n);
  const rowMean = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = distances.get(i, j);
      b[i * n + j] = d * d;
      rowMean[i] += (d * d) / n;
    }
    mean += rowMean[i] / n;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) b[i * n + j] = -0.5 * (b[i * n + j] - rowMean[i] - rowMean[j] + mean);
  }
  const B = new DenseMatrix(n, n, b);
  const { U, s } = thinSvd(B);
  const points: [number, number][] = Array.from({ length: n }, () => [0, 0]);
  for (let axis = 0; axis < Math.min(2, s.length); axis++) {
    // B is positive semi-definite up to rounding for a Euclidean-embeddable metric: a singular vector
    // belongs to a positive eigenvalue when uᵀBu > 0; a negative one (rounding) is left out.
    let quadratic = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += b[i * n + j] * U.get(j, axis);
      quadratic += U.get(i, axis) * row;
    }
    if (!(quadratic > 1e-12 * (s[0] || 1))) continue;
    const scale = Math.sqrt(quadratic);
    for (let i = 0; i < n; i++) points[i][axis] = U.get(i, axis) * scale;
  }
  return points;
}
