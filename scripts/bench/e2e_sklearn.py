"""scikit-learn's side of `pnpm bench e2e`: the work of `rivulet topics CORPUS --components 20 --min-df 2
--max-df 0.95 --stop-words en --solver SOLVER` as one script, run as its own process.

Reads the corpus (JSON Lines; `.gz` decompressed as it streams, as Rivulet does), TfidfVectorizer(min_df=2,
max_df=0.95, stop_words='english'), NMF(n_components=K, init='nndsvda', solver=SOLVER, tol=1e-4,
max_iter=200, random_state=0), then what the CLI prints: each topic's top terms and their NPMI
coherence (the CLI's measure, `npmi` from packages/cli/bench/sklearn_topics.py). Prints JSON: the shape,
epochs and loss, and per phase the wall seconds since the interpreter started, the CPU seconds and the
peak resident set so far (`ru_maxrss`), as the Node probe does for Rivulet.

Usage: /usr/bin/python3 scripts/bench/e2e_sklearn.py CORPUS SOLVER [K]
"""
import gzip
import json
import os
import resource
import sys
import time

START = time.perf_counter()
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "packages", "cli", "bench"))

marks = []


def mark(phase):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    marks.append(
        {
            "phase": phase,
            "wallMs": (time.perf_counter() - START) * 1e3,
            "cpuMs": (usage.ru_utime + usage.ru_stime) * 1e3,
            "peakRssMb": usage.ru_maxrss / 1024,
        }
    )


def main():
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn_topics import npmi

    path, solver = sys.argv[1], sys.argv[2]
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    mark("start-up")
    opener = gzip.open if path.endswith(".gz") else open
    texts = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
    mark("read")
    X = TfidfVectorizer(min_df=2, max_df=0.95, stop_words="english").fit_transform(texts)
    mark("vectorize")
    model = NMF(n_components=k, init="nndsvda", solver=solver, tol=1e-4, max_iter=200, random_state=0)
    model.fit_transform(X)
    mark("train")
    H = model.components_
    binary = (X > 0).astype(np.int8).tocsc()
    terms = [list(np.argsort(-H[i], kind="stable")[:10]) for i in range(k)]
    coherence = [npmi(binary, t) for t in terms]
    mark("output")
    print(
        json.dumps(
            {
                "documents": X.shape[0],
                "terms": X.shape[1],
                "nnz": int(X.nnz),
                "epochs": int(model.n_iter_),
                "loss": float(model.reconstruction_err_),
                "coherence": float(np.mean(coherence)),
                "marks": marks,
            }
        )
    )


if __name__ == "__main__":
    main()
