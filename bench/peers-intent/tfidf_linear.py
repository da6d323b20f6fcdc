#!/usr/bin/env python3
"""Peer intent classifiers for bench/intent.bench.ts (benchmarks only; never used by AgentOS).

TF-IDF of word 1-2 grams + character 2-5 grams inside word boundaries (sublinear tf, each block
L2-normalised, then joined), classified by
  - svm: one-vs-rest LinearSVC (squared hinge, L2), and
  - lr:  multinomial logistic regression (lbfgs, L2),
with C chosen by 3-fold stratified cross-validation on the training file only.
Needs scikit-learn (Debian: apt-get install python3-sklearn). Prints one JSON object per model.

  tfidf_linear.py TRAIN.jsonl TEST.jsonl [--models svm,lr]
"""
import json
import sys
import time

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.svm import LinearSVC


def read(path):
    texts, labels = [], []
    with open(path, encoding="utf8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            if d.get("intent") is None:
                continue
            texts.append(d["text"])
            labels.append(d["intent"])
    return texts, labels


class Features:
    def __init__(self):
        self.word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True)
        self.char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True)

    def fit_transform(self, texts):
        return hstack([self.word.fit_transform(texts), self.char.fit_transform(texts)]).tocsr()

    def transform(self, texts):
        return hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()


def run(name, make, grid, train, test):
    t0 = time.perf_counter()
    feats = Features()
    x = feats.fit_transform(train[0])
    search = GridSearchCV(make(), {"C": grid}, cv=StratifiedKFold(3, shuffle=True, random_state=0), n_jobs=1)
    search.fit(x, train[1])
    train_ms = (time.perf_counter() - t0) * 1000
    model = search.best_estimator_
    pred = model.predict(feats.transform(test[0]))
    acc = float(np.mean([p == g for p, g in zip(pred, test[1])]))
    # Latency per prediction: one text at a time, features included.
    times = []
    for t in test[0][:500]:
        a = time.perf_counter()
        model.predict(feats.transform([t]))
        times.append((time.perf_counter() - a) * 1000)
    times.sort()
    return {
        "peer": name,
        "accuracy": round(acc, 4),
        "C": search.best_params_["C"],
        "train_ms": round(train_ms),
        "p50_ms": round(times[len(times) // 2], 3),
        "p95_ms": round(times[int(len(times) * 0.95)], 3),
        "examples": len(test[0]),
    }


def main():
    args = sys.argv[1:]
    models = ["svm", "lr"]
    if "--models" in args:
        i = args.index("--models")
        models = args[i + 1].split(",")
        del args[i : i + 2]
    train, test = read(args[0]), read(args[1])
    for m in models:
        if m == "svm":
            r = run("tfidf-linearsvc", lambda: LinearSVC(loss="squared_hinge"), [0.1, 0.3, 1.0, 3.0], train, test)
        elif m == "lr":
            r = run("tfidf-logreg", lambda: LogisticRegression(max_iter=300), [10.0, 100.0], train, test)
        else:
            raise SystemExit(f"unknown model {m}: use svm or lr")
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
