"""scikit-learn's side of `pnpm bench similarity`: exact cosine top-k with
NearestNeighbors(metric='cosine', algorithm='brute') on the same rows and queries as Rivulet.

Usage: similarity_sklearn.py DIR K REPEATS
Reads DIR/meta.json, DIR/rows.f64 (n x d) and DIR/queries.f64 (m x d), little-endian float64, row-major.
Prints one JSON line: fit and query seconds per repeat, and the neighbours of the last repeat.
"""
import json
import sys
import time

import numpy as np
from sklearn.neighbors import NearestNeighbors
from threadpoolctl import threadpool_info


def main():
    directory, k, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(f"{directory}/meta.json") as f:
        meta = json.load(f)
    rows = np.fromfile(f"{directory}/rows.f64", dtype="<f8").reshape(meta["rows"], meta["dim"])
    queries = np.fromfile(f"{directory}/queries.f64", dtype="<f8").reshape(meta["queries"], meta["dim"])
    fit_seconds, query_seconds = [], []
    indices = None
    for _ in range(repeats):
        started = time.perf_counter()
        nn = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(rows)
        fitted = time.perf_counter()
        distances, indices = nn.kneighbors(queries)
        done = time.perf_counter()
        fit_seconds.append(fitted - started)
        query_seconds.append(done - fitted)
    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('threading_layer')}, {i.get('num_threads')} threads)" for i in threadpool_info() if i.get("user_api") == "blas"]
    print(json.dumps({
        "fit_seconds": fit_seconds,
        "query_seconds": query_seconds,
        "indices": indices.tolist(),
        "scores": (1 - distances).tolist(),
        "blas": blas,
    }))


if __name__ == "__main__":
    main()
