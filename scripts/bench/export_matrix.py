"""Export one shared NMF workload for `pnpm bench nmf`: the corpus as scikit-learn's default TF-IDF matrix
and one nndsvda start (W0, H0) per component count, so Rivulet and scikit-learn time the same work.

The matrix comes from scikit-learn's `TfidfVectorizer()` (defaults: lower-case, token pattern
`(?u)\\b\\w\\w+\\b`, smooth idf, l2 rows) so the benchmark does not depend on the TypeScript vectorizer
being bit-for-bit equal; `pnpm bench vectorize` compares the vectorizers separately.

Output (in OUT_DIR, little-endian raw arrays):
  meta.json                    rows, cols, nnz, ks, corpus path, sklearn version
  indptr.i32 indices.i32 data.f64   the CSR matrix (float64, columns ascending)
  W0-k{K}.f64 (rows × K, row-major)  H0-k{K}.f64 (K × cols, row-major)

Usage: /usr/bin/python3 scripts/bench/export_matrix.py CORPUS.jsonl OUT_DIR [--scale S] [--ks 10,50]
  --scale S resamples S × the documents (with replacement, seed 0) for `pnpm bench scale`.
"""

import argparse
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition._nmf import _initialize_nmf
from sklearn.feature_extraction.text import TfidfVectorizer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--ks", default="10,50")
    args = parser.parse_args()

    with open(args.corpus, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    if args.scale != 1.0:
        rng = np.random.RandomState(0)
        picks = rng.randint(0, len(texts), size=int(round(len(texts) * args.scale)))
        texts = [texts[i] for i in picks]

    X = TfidfVectorizer().fit_transform(texts).tocsr()
    X.sort_indices()
    os.makedirs(args.out, exist_ok=True)
    X.indptr.astype("<i4").tofile(os.path.join(args.out, "indptr.i32"))
    X.indices.astype("<i4").tofile(os.path.join(args.out, "indices.i32"))
    X.data.astype("<f8").tofile(os.path.join(args.out, "data.f64"))

    ks = [int(k) for k in args.ks.split(",")]
    for k in ks:
        W0, H0 = _initialize_nmf(X, k, init="nndsvda", random_state=0)
        np.ascontiguousarray(W0, dtype="<f8").tofile(os.path.join(args.out, f"W0-k{k}.f64"))
        np.ascontiguousarray(H0, dtype="<f8").tofile(os.path.join(args.out, f"H0-k{k}.f64"))

    meta = {
        "rows": X.shape[0],
        "cols": X.shape[1],
        "nnz": int(X.nnz),
        "ks": ks,
        "corpus": os.path.abspath(args.corpus),
        "scale": args.scale,
        "vectorizer": f"sklearn {sklearn.__version__} TfidfVectorizer()",
        "init": "nndsvda",
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
