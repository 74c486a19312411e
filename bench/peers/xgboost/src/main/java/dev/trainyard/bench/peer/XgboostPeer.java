package dev.trainyard.bench.peer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost4J 3.0 as a benchmark peer for random-forest, with {@code tree_method=hist}. By default in
 * XGBoost's random-forest mode (one boosting round of {@code num_parallel_tree = trees} trees,
 * {@code learning_rate = 1}, rows subsampled and features sampled per node); with
 * {@code "xgb_mode": "gbtree"} ordinary gradient boosting for reference ({@code trees} rounds).
 * Load time is reading the CSV into a float array and building the DMatrix.
 */
public final class XgboostPeer {
  /** Row fraction per tree in random-forest mode: a bootstrap's expected share of distinct rows. */
  private static final double RF_SUBSAMPLE = 0.632;

  private XgboostPeer() {}

  public static void main(String[] args) {
    PeerMain.main("xgboost", args, XgboostPeer::run);
  }

  private static PeerMain.Result run(PeerMain.Run run) throws Exception {
    if (!run.workload.equals("random-forest")) {
      throw run.unsupported();
    }
    long t0 = System.nanoTime();
    NumericCsv trainCsv = NumericCsv.read(run.train);
    NumericCsv testCsv = NumericCsv.read(run.test);
    int[] trainY = trainCsv.classes();
    int[] testY = testCsv.classes();
    DMatrix train = matrix(trainCsv);
    DMatrix test = matrix(testCsv);
    double load = PeerMain.secondsSince(t0);
    int k = Math.max(2, NumericCsv.numClasses(trainY));

    Map<String, Object> params = new LinkedHashMap<>();
    int rounds = configure(run, params, k, trainCsv.cols);
    long t1 = System.nanoTime();
    Booster booster = XGBoost.train(train, params, rounds, new HashMap<>(), null, null);
    double trainSeconds = PeerMain.secondsSince(t1);

    float[][] pred = booster.predict(test);
    double[] probs = new double[testCsv.rows * k];
    for (int r = 0; r < testCsv.rows; r++) {
      if (k == 2) {
        probs[r * 2 + 1] = pred[r][0];
        probs[r * 2] = 1 - pred[r][0];
      } else {
        for (int c = 0; c < k; c++) {
          probs[r * k + c] = pred[r][c];
        }
      }
    }
    booster.dispose();
    train.dispose();
    test.dispose();
    return new PeerMain.Result(load, trainSeconds, Metrics.classification(probs, k, testY));
  }

  /** Fills XGBoost's parameters from the harness's; returns the number of boosting rounds. */
  private static int configure(PeerMain.Run run, Map<String, Object> xgb, int k, int features) {
    Params p = run.params;
    String mode = p.string("xgb_mode").orElse("rf");
    if (!mode.equals("rf") && !mode.equals("gbtree")) {
      throw new IllegalArgumentException("xgb_mode must be rf or gbtree, was " + mode);
    }
    put(run, xgb, "(fixed)", "tree_method", "hist");
    put(run, xgb, "(fixed)", "booster", "gbtree");
    put(run, xgb, "THREADS", "nthread", run.threads);
    put(run, xgb, "SEED", "seed", run.seed);
    put(run, xgb, "(warnings only)", "verbosity", 1);
    if (k > 2) {
      put(run, xgb, k + " classes", "objective", "multi:softprob");
      put(run, xgb, k + " classes", "num_class", k);
    } else {
      put(run, xgb, "2 classes", "objective", "binary:logistic");
    }
    int trees = p.integer("trees").orElse(100); // XGBoost has no forest size of its own: the contract's usual 100
    int rounds;
    if (mode.equals("rf")) {
      put(run, xgb, k > 2 ? "trees (one tree per class each: " + k * trees + " trees in all)" : "trees",
          "num_parallel_tree", trees);
      put(run, xgb, "random-forest mode: one round", "num_boost_round", 1);
      put(run, xgb, "random-forest mode", "learning_rate", 1.0);
      double subsample = p.number("subsample").orElse(RF_SUBSAMPLE);
      put(run, xgb, "random-forest mode (without replacement, as a bootstrap's distinct share)", "subsample",
          subsample);
      rounds = 1;
    } else {
      put(run, xgb, "xgb_mode=gbtree: trees", "num_boost_round", trees);
      double eta = p.number("learning_rate").orElse(0.3);
      put(run, xgb, "learning_rate", "learning_rate", eta);
      rounds = trees;
    }
    if (!p.all().containsKey("max_depth")) {
      run.map("(XGBoost default)", "max_depth", 6);
    }
    p.integer("max_depth").ifPresent(d -> {
      if (d == 0) {
        // depthwise growth needs a depth limit; lossguide with no leaf limit grows until min_child_weight stops it
        put(run, xgb, "max_depth=0 (unlimited)", "grow_policy", "lossguide");
        put(run, xgb, "max_depth=0 (unlimited)", "max_leaves", 0);
      }
      put(run, xgb, "max_depth", "max_depth", d);
    });
    p.integer("min_leaf").ifPresent(m -> {
      // XGBoost bounds a leaf's hessian sum, not its row count; at the first round every row has
      // hessian p0(1 - p0) with p0 = 1/k (softprob) or 1/2 (logistic), so this is min_leaf rows there
      double p0 = 1.0 / k;
      double h0 = p0 * (1 - p0);
      put(run, xgb, "min_leaf=" + m + " rows x first-round hessian " + h0, "min_child_weight", m * h0);
    });
    p.string("features").ifPresent(f -> {
      double frac = switch (f) {
        case "sqrt" -> Math.sqrt(features) / features;
        case "all" -> 1.0;
        default -> {
          double v = Double.parseDouble(f);
          yield v > 1 ? Math.min(1.0, v / features) : v;
        }
      };
      put(run, xgb, "features=" + f + " of " + features + " (sampled per node)", "colsample_bynode", frac);
    });
    p.integer("max_bins").ifPresent(b -> put(run, xgb, "max_bins", "max_bin", b));
    if (!xgb.containsKey("max_bin")) {
      run.map("(XGBoost default)", "max_bin", 256);
    }
    run.map("(XGBoost default)", "reg_lambda", 1);
    return rounds;
  }

  private static void put(PeerMain.Run run, Map<String, Object> xgb, String why, String key, Object value) {
    if (!key.equals("num_boost_round")) {
      xgb.put(key, value);
    }
    run.map(why, key, value);
  }

  private static DMatrix matrix(NumericCsv csv) throws XGBoostError {
    DMatrix m = new DMatrix(csv.x, csv.rows, csv.cols, Float.NaN);
    m.setLabel(csv.label);
    return m;
  }
}
