package dev.trainyard.cluster.task;

/** What a task does. */
public enum TaskKind {
  /** Fit one unit of an experiment (a fold, or the final model) with the algorithm's trainer. */
  FIT,
  /** Grow a range of a random forest's trees for one unit. */
  TREES,
  /** Fit one unit data-parallel on parameter-server shards, with W worker threads. */
  PS_FIT,
  /** Be worker w of W of one unit's data-parallel fit on running PS shards (one task per worker process). */
  PS_WORKER,
  /** Parse one chunk of a raw CSV (with the spec's types), returning its column stats and typed frame. */
  PREPROCESS,
  /** Predict one row shard of a dataset with a saved model. */
  PREDICT,
  /** Does nothing but answer: for benchmarks and health checks of the task plane. */
  NOOP;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static TaskKind fromId(String id) {
    return valueOf(id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }
}
