"""scikit-learn side of the Trainyard benchmark: same files, same split, same hyper-parameters.

Usage: sklearn_peer.py WORKLOAD TRAIN_CSV TEST_CSV THREADS SEED
Prints one JSON object: {"peer", "workload", "load_seconds", "train_seconds", "metrics"}.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    return data[:, :-1], data[:, -1].astype(np.int64)


def main():
    workload, train_path, test_path, threads, seed = sys.argv[1:6]
    threads, seed = int(threads), int(seed)
    t0 = time.perf_counter()
    x_train, y_train = load(train_path)
    x_test, y_test = load(test_path)
    load_seconds = time.perf_counter() - t0
    if workload == "random-forest":
        model = RandomForestClassifier(n_estimators=100, max_features="sqrt", n_jobs=threads, random_state=seed)
    elif workload == "softmax":
        # pixels / 255, as in the reference figures; lbfgs with 200 iterations
        x_train, x_test = x_train / 255.0, x_test / 255.0
        model = LogisticRegression(max_iter=200, n_jobs=threads)
    else:
        raise SystemExit("unknown workload " + workload)
    t0 = time.perf_counter()
    model.fit(x_train, y_train)
    train_seconds = time.perf_counter() - t0
    proba = model.predict_proba(x_test)
    metrics = {
        "accuracy": float(accuracy_score(y_test, proba.argmax(axis=1))),
        "log_loss": float(log_loss(y_test, proba)),
    }
    print(json.dumps({"peer": "scikit-learn", "workload": workload, "load_seconds": load_seconds,
                      "train_seconds": train_seconds, "metrics": metrics}))


if __name__ == "__main__":
    main()
