"""scikit-learn side of the Trainyard benchmark: same files, same split, same hyper-parameters.

Usage: sklearn_peer.py WORKLOAD TRAIN_CSV TEST_CSV THREADS SEED [PARAMS_JSON]
Prints one JSON object (bench/README.md):
{"peer", "workload", "load_seconds", "train_seconds", "peak_rss_bytes", "metrics"}.
Exit code 3: the workload is not one scikit-learn has (ALS).
Run with Debian's interpreter (/usr/bin/python3) after `apt-get install -y python3-sklearn`.
"""
import json
import resource
import sys
import time
import warnings

import numpy as np

UNSUPPORTED = 3


def load(path, label_dtype):
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    return data[:, :-1], data[:, -1].astype(label_dtype)


def forest(params, threads, seed):
    from sklearn.ensemble import RandomForestClassifier
    features = params.get("features", "sqrt")
    max_features = {"sqrt": "sqrt", "all": None}.get(features)
    if max_features is None and features != "all":
        max_features = float(features)
    depth = int(params.get("max_depth", "0"))
    return RandomForestClassifier(
        n_estimators=int(params.get("trees", "100")),
        max_depth=None if depth == 0 else depth,
        min_samples_leaf=int(params.get("min_leaf", "1")),
        max_features=max_features,
        n_jobs=threads, random_state=seed)


def linear(params, rows, threads, seed):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    # the contract's penalty is l2/2*|w|^2 on the mean loss; sklearn's C weighs the summed loss
    l2 = float(params.get("l2", "0.0001"))
    c = 1.0 / (rows * l2) if l2 > 0 else 1e12
    iterations = int(params.get("iterations", params.get("epochs", "100")))
    return make_pipeline(StandardScaler(),
                         LogisticRegression(C=c, max_iter=iterations, solver="lbfgs", random_state=seed))


def peak_rss_bytes():
    # Linux reports ru_maxrss in KiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    workload, train_path, test_path, threads, seed = sys.argv[1:6]
    params = json.loads(sys.argv[6]) if len(sys.argv) > 6 else {}
    threads, seed = int(threads), int(seed)
    if workload not in ("random-forest", "softmax", "logistic"):
        print("scikit-learn has no " + workload + " estimator", file=sys.stderr)
        sys.exit(UNSUPPORTED)
    t0 = time.perf_counter()
    x_train, y_train = load(train_path, np.int64)
    x_test, y_test = load(test_path, np.int64)
    load_seconds = time.perf_counter() - t0
    if workload == "random-forest":
        model = forest(params, threads, seed)
    else:
        model = linear(params, x_train.shape[0], threads, seed)
    warnings.filterwarnings("ignore")  # lbfgs ConvergenceWarning at small budgets is expected
    t0 = time.perf_counter()
    model.fit(x_train, y_train)
    train_seconds = time.perf_counter() - t0

    from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
    proba = model.predict_proba(x_test)
    classes = model.classes_
    metrics = {
        "accuracy": float(accuracy_score(y_test, classes[proba.argmax(axis=1)])),
        "log_loss": float(log_loss(y_test, proba, labels=classes)),
    }
    if len(classes) == 2:
        metrics["auc"] = float(roc_auc_score(y_test, proba[:, 1]))
    print(json.dumps({"peer": "sklearn", "workload": workload, "load_seconds": load_seconds,
                      "train_seconds": train_seconds, "peak_rss_bytes": peak_rss_bytes(),
                      "metrics": metrics}))


if __name__ == "__main__":
    main()
