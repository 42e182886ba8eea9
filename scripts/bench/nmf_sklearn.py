"""Time one round of scikit-learn NMF on the workload exported by export_matrix.py, per iteration.

Runs scikit-learn's own update steps (`_multiplicative_update_w` / `_multiplicative_update_h` for 'mu',
`_update_coordinate_descent` on X then X.T for 'cd'), exactly the calls `_fit_multiplicative_update` and
`_fit_coordinate_descent` make per iteration with beta_loss='frobenius', no regularisation, tol=0, so
each iteration can be timed on its own (the fit functions only add a loss evaluation at the start).
Prints one JSON object: per-iteration milliseconds, the final loss (`reconstruction_err_`, i.e.
||X - WH||_F), the BLAS threadpoolctl reports and the peak resident memory.

Usage: /usr/bin/python3 scripts/bench/nmf_sklearn.py DIR SOLVER K ITERATIONS [float64|float32]
  float32 casts X, W0 and H0 to float32 first; scikit-learn then keeps float32 throughout.
"""

import json
import os
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition._nmf import (
    _beta_divergence,
    _multiplicative_update_h,
    _multiplicative_update_w,
    _update_coordinate_descent,
)
from threadpoolctl import threadpool_info


def load(d, k):
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    rows, cols = meta["rows"], meta["cols"]
    indptr = np.fromfile(os.path.join(d, "indptr.i32"), dtype="<i4")
    indices = np.fromfile(os.path.join(d, "indices.i32"), dtype="<i4")
    data = np.fromfile(os.path.join(d, "data.f64"), dtype="<f8")
    X = sp.csr_matrix((data, indices, indptr), shape=(rows, cols))
    W = np.fromfile(os.path.join(d, f"W0-k{k}.f64"), dtype="<f8").reshape(rows, k)
    H = np.fromfile(os.path.join(d, f"H0-k{k}.f64"), dtype="<f8").reshape(k, cols)
    return X, W, H


def main():
    d, solver, k, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    dtype = sys.argv[5] if len(sys.argv) > 5 else "float64"
    X, W, H = load(d, k)
    if dtype == "float32":
        X, W, H = X.astype(np.float32), W.astype(np.float32), H.astype(np.float32)
    times = []
    if solver == "mu":
        for _ in range(iterations):
            t0 = time.perf_counter()
            W, _, _, _ = _multiplicative_update_w(X, W, H, 2.0, 0, 0, 1.0)
            H = _multiplicative_update_h(X, W, H, 2.0, 0, 0, 1.0)
            times.append((time.perf_counter() - t0) * 1e3)
    elif solver == "cd":
        Ht = np.ascontiguousarray(H.T)
        XT = X.T
        for _ in range(iterations):
            t0 = time.perf_counter()
            _update_coordinate_descent(X, W, Ht, 0, 0, False, None)
            _update_coordinate_descent(XT, Ht, W, 0, 0, False, None)
            times.append((time.perf_counter() - t0) * 1e3)
        H = Ht.T
    else:
        raise SystemExit(f"nmf_sklearn: solver must be 'mu' or 'cd', got {solver!r}")
    loss = float(_beta_divergence(X, W, H, 2.0, square_root=True))
    blas = [
        {key: info.get(key) for key in ("internal_api", "version", "threading_layer", "num_threads", "filepath")}
        for info in threadpool_info()
        if info.get("user_api") == "blas"
    ]
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms": times, "loss": loss, "blas": blas, "sklearn": sklearn.__version__, "peakRssMb": peak_rss_mb}))


if __name__ == "__main__":
    main()
