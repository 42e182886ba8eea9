"""scikit-learn's side of the CLI quality/speed comparison (see packages/cli/README.md).

Runs TfidfVectorizer + NMF with the settings of
  rivulet topics data/en.jsonl --components 20 --min-df 2 --max-df 0.95 --stop-words en --label-field source
and prints, as JSON: seconds for reading, vectorizing and training, the NMI of the top topic against the
`source` label, and the mean NPMI (boolean document co-occurrence, gensim's normalised log-ratio with
eps = 1e-12) of each topic's top 10 terms, computed on the vectorizer's own matrix as the CLI does.

Usage: /usr/bin/python3 packages/cli/bench/sklearn_topics.py data/en.jsonl [components]
"""
import json
import sys
import time

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

EPS = 1e-12


def npmi(binary, terms):
    n = binary.shape[0]
    cols = binary[:, terms].toarray().astype(bool)
    p = cols.sum(axis=0) / n
    total = 0.0
    pairs = 0
    for a in range(len(terms)):
        for b in range(len(terms)):
            if a == b:
                continue
            pab = np.logical_and(cols[:, a], cols[:, b]).sum() / n
            total += np.log((pab + EPS) / (p[a] * p[b])) / -np.log(pab + EPS)
            pairs += 1
    return total / pairs


def main():
    path = sys.argv[1]
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    t0 = time.perf_counter()
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                texts.append(record["text"])
                labels.append(record["source"])
    t1 = time.perf_counter()
    vectorizer = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.95)
    X = vectorizer.fit_transform(texts)
    t2 = time.perf_counter()
    model = NMF(n_components=k, random_state=0, max_iter=200, tol=1e-4)
    W = model.fit_transform(X)
    t3 = time.perf_counter()
    H = model.components_
    binary = (X > 0).astype(np.int8).tocsc()
    coherence = [npmi(binary, list(np.argsort(-H[i], kind="stable")[:10])) for i in range(k)]
    print(
        json.dumps(
            {
                "documents": X.shape[0],
                "terms": X.shape[1],
                "epochs": int(model.n_iter_),
                "loss": float(model.reconstruction_err_),
                "nmi": float(normalized_mutual_info_score(labels, W.argmax(axis=1))),
                "coherence": float(np.mean(coherence)),
                "seconds": {"read": t1 - t0, "vectorize": t2 - t1, "train": t3 - t2, "total": t3 - t0},
            }
        )
    )


if __name__ == "__main__":
    main()
