"""scikit-learn's MiniBatchNMF on a workload exported by export_matrix.py, for `pnpm bench online`.

Usage: /usr/bin/python3 scripts/bench/minibatch_sklearn.py WORKLOAD_DIR K [--batch-size 1024]
       [--forget-factor 0.7] [--max-iter 200] [--tol 1e-4] [--max-no-improvement 10] [--out FIXTURE.json]

Starts from the exported nndsvda (W0, H0) as `init='custom'`, walks the rows in order (scikit-learn's
MiniBatchNMF never shuffles), and prints one JSON line: the final reconstruction error (the figure Rivulet
must match within 1%), steps, passes, the per-step batch costs' last value and the wall time. With --out
the same JSON is written there (the committed reference figure).
"""

import argparse
import json
import os
import resource
import time

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import MiniBatchNMF


def load(d, k):
    meta = json.load(open(os.path.join(d, "meta.json")))
    rows, cols = meta["rows"], meta["cols"]
    indptr = np.fromfile(os.path.join(d, "indptr.i32"), dtype="<i4")
    indices = np.fromfile(os.path.join(d, "indices.i32"), dtype="<i4")
    data = np.fromfile(os.path.join(d, "data.f64"), dtype="<f8")
    X = sp.csr_matrix((data, indices, indptr), shape=(rows, cols))
    W0 = np.fromfile(os.path.join(d, f"W0-k{k}.f64"), dtype="<f8").reshape(rows, k)
    H0 = np.fromfile(os.path.join(d, f"H0-k{k}.f64"), dtype="<f8").reshape(k, cols)
    return meta, X, W0, H0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("k", type=int)
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--forget-factor", type=float, default=0.7)
    p.add_argument("--max-iter", type=int, default=200)
    p.add_argument("--tol", type=float, default=1e-4)
    p.add_argument("--max-no-improvement", type=int, default=10)
    p.add_argument("--out")
    a = p.parse_args()
    meta, X, W0, H0 = load(a.dir, a.k)
    model = MiniBatchNMF(
        n_components=a.k, init="custom", batch_size=a.batch_size, forget_factor=a.forget_factor,
        max_iter=a.max_iter, tol=a.tol, max_no_improvement=a.max_no_improvement,
    )
    start = time.perf_counter()
    cpu_start = time.process_time()
    model.fit_transform(X, W=W0.copy(), H=H0.copy())
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    result = {
        "sklearn": sklearn.__version__,
        "workload": {k: meta[k] for k in ("rows", "cols", "nnz", "vectorizer", "init", "scale")},
        "corpus": os.path.basename(meta["corpus"]),
        "options": {"components": a.k, "batchSize": a.batch_size, "forgetFactor": a.forget_factor,
                    "maxEpochs": a.max_iter, "tol": a.tol, "maxNoImprovement": a.max_no_improvement},
        "loss": float(model.reconstruction_err_),
        "steps": int(model.n_steps_),
        "epochs": int(model.n_iter_),
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if a.out:
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
