"""scikit-learn's side of `pnpm bench init`.

  export CORPUS OUT_DIR   vectorizes the corpus (JSON Lines, `.gz` allowed) with the settings of
                          `rivulet topics`' comparison, TfidfVectorizer(min_df=2, max_df=0.95,
                          stop_words='english'), and writes the CSR matrix as raw little-endian arrays
                          (indptr.i32, indices.i32, data.f64) and meta.json, so both sides start from the
                          same bytes.
  round OUT_DIR K         one timed round in this fresh process: `randomized_svd(X, K, random_state=0)`
                          (the SVD behind nndsvd*, n_iter='auto', 10 oversamples) and
                          `_initialize_nmf(X, K, init='nndsvda', random_state=0)` (the whole start), and the
                          singular values, as JSON.
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp


def export(corpus, out):
    from sklearn.feature_extraction.text import TfidfVectorizer

    opener = gzip.open if corpus.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    X = TfidfVectorizer(min_df=2, max_df=0.95, stop_words="english").fit_transform(texts).tocsr()
    X.sort_indices()
    os.makedirs(out, exist_ok=True)
    X.indptr.astype("<i4").tofile(os.path.join(out, "indptr.i32"))
    X.indices.astype("<i4").tofile(os.path.join(out, "indices.i32"))
    X.data.astype("<f8").tofile(os.path.join(out, "data.f64"))
    meta = {"rows": X.shape[0], "cols": X.shape[1], "nnz": int(X.nnz), "corpus": os.path.abspath(corpus)}
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f)
    print(json.dumps(meta))


def round_(out, k):
    from sklearn.decomposition._nmf import _initialize_nmf
    from sklearn.utils.extmath import randomized_svd

    with open(os.path.join(out, "meta.json")) as f:
        meta = json.load(f)
    indptr = np.fromfile(os.path.join(out, "indptr.i32"), dtype="<i4")
    indices = np.fromfile(os.path.join(out, "indices.i32"), dtype="<i4")
    data = np.fromfile(os.path.join(out, "data.f64"), dtype="<f8")
    X = sp.csr_matrix((data, indices, indptr), shape=(meta["rows"], meta["cols"]))
    t0 = time.perf_counter()
    _, s, _ = randomized_svd(X, k, random_state=0)
    t1 = time.perf_counter()
    _initialize_nmf(X, k, init="nndsvda", random_state=0)
    t2 = time.perf_counter()
    print(json.dumps({"svdMs": (t1 - t0) * 1e3, "initMs": (t2 - t1) * 1e3, "s": [float(x) for x in s]}))


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(sys.argv[2], sys.argv[3])
    else:
        round_(sys.argv[2], int(sys.argv[3]))
