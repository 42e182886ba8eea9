"""One scikit-learn round of `pnpm bench vectorize`: the time of `TfidfVectorizer().fit_transform` on the
corpus texts (reading the file is not timed), and the matrix shape, so both sides can be compared.

Usage: /usr/bin/python3 scripts/bench/vectorize_sklearn.py CORPUS.jsonl
"""

import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    t0 = time.perf_counter()
    X = TfidfVectorizer().fit_transform(texts)
    ms = (time.perf_counter() - t0) * 1e3
    print(json.dumps({"ms": ms, "rows": X.shape[0], "cols": X.shape[1], "nnz": int(X.nnz)}))


if __name__ == "__main__":
    main()
