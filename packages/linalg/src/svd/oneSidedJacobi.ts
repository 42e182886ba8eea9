/**
 * One-sided Jacobi orthogonalisation of the rows of a row-major `r × c` matrix, in place (Hestenes 1958,
 * "Inversion of matrices by biorthogonalization"; the convergence test and rotation of Demmel & Veselić
 * 1992, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13(4)). Plane rotations
 * are applied from the left until every pair of rows is orthogonal to working precision, so that
 * `work = J · B` with `J` orthogonal: the row norms are then the singular values of `B`, the normalised
 * rows its right singular vectors and the rows of `J` its left singular vectors. Unlike an eigensolver on
 * `B·Bᵀ`, this never squares the condition number, so small singular values keep their relative accuracy.
 *
 * @param work `r × c`, row-major, overwritten by `J · B`
 * @param J `r × r`, row-major, the identity on entry and `J` on exit; `null` when only values are needed
 * @returns the number of sweeps run
 * @internal
 */
export function oneSidedJacobi(
  work: Float64Array,
  r: number,
  c: number,
  J: Float64Array | null,
  maxSweeps = 80,
): number {
  // Rows count as orthogonal once |⟨x, y⟩| ≤ tol·‖x‖·‖y‖; c·ε keeps the test reachable in rounding.
  const tol = Math.max(c, 1) * Number.EPSILON;
  let sweep = 0;
  while (sweep < maxSweeps) {
    sweep++;
    let rotated = false;
    for (let i = 0; i < r - 1; i++) {
      const bi = i * c;
      for (let j = i + 1; j < r; j++) {
        const bj = j * c;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let t = 0; t < c; t++) {
          const x = work[bi + t];
          const y = work[bj + t];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (alpha === 0 || beta === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) {
          continue;
        }
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const tan = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const cos = 1 / Math.sqrt(1 + tan * tan);
        const sin = cos * tan;
        for (let t = 0; t < c; t++) {
          const x = work[bi + t];
          const y = work[bj + t];
          work[bi + t] = cos * x - sin * y;
          work[bj + t] = sin * x + cos * y;
        }
        if (J !== null) {
          const ji = i * r;
          const jj = j * r;
          for (let t = 0; t < r; t++) {
            const x = J[ji + t];
            const y = J[jj + t];
            J[ji + t] = cos * x - sin * y;
            J[jj + t] = sin * x + cos * y;
          }
        }
      }
    }
    if (!rotated) break;
  }
  return sweep;
}
