package dev.trainyard.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workloads of issue 7 by suite, at full size or, with {@code quick}, at smoke-test size (small
 * samples, fewer trees and shorter ladders: the numbers then test the plumbing, not the systems).
 * Preparing a workload prepares its data in the cache.
 */
final class Workloads {
  static final List<String> SUITES = List.of("forest", "linear", "als", "fashion-mnist");
  private static final Map<String, List<String>> BY_SUITE = Map.of(
      "forest", List.of("fmnist-rf", "flights1m-rf", "flights3m-rf"),
      "linear", List.of("fmnist-softmax", "flights1m-lr", "synthetic-lr"),
      "als", List.of("movielens-als", "synthetic-als"),
      "fashion-mnist", List.of("fmnist-rf", "fmnist-softmax"));

  private final DataCache cache;
  private final boolean quick;

  Workloads(DataCache cache, boolean quick) {
    this.cache = cache;
    this.quick = quick;
  }

  /** Workload ids of a suite, in run order. */
  static List<String> ids(String suite) {
    List<String> ids = BY_SUITE.get(suite);
    if (ids == null) {
      throw new IllegalArgumentException("unknown suite '" + suite + "'");
    }
    return ids;
  }

  static boolean known(String id) {
    return BY_SUITE.values().stream().anyMatch(l -> l.contains(id));
  }

  /** The workload {@code id}, its data prepared. */
  Workload get(String id) throws IOException {
    return switch (id) {
      case "fmnist-rf" -> new Workload(id, "random-forest",
          "Fashion-MNIST random forest, " + trees() + " trees, depth " + depth() + ", sqrt features",
          fashion(), forest(),
          "accuracy", Workload.Goal.FOREST, null);
      case "flights1m-rf" -> new Workload(id, "random-forest",
          "flights " + rows(1_000_000) + " rows, delayed >= 15 min, random forest, " + trees() + " trees, depth "
              + depth(),
          cache.flights(quick ? 20_000 : 1_000_000), forest(), "auc", Workload.Goal.FOREST, null);
      case "flights3m-rf" -> new Workload(id, "random-forest",
          "flights " + rows(3_000_000) + " rows (full), random forest, " + trees() + " trees, depth " + depth(),
          cache.flights(quick ? 60_000 : 3_000_000), forest(), "auc", Workload.Goal.FOREST, null);
      case "fmnist-softmax" -> new Workload(id, "softmax",
          "Fashion-MNIST softmax regression, to equal test log-loss", fashion(), linear(), "log_loss",
          Workload.Goal.LINEAR, linearLadder());
      case "flights1m-lr" -> new Workload(id, "logistic",
          "flights " + rows(1_000_000) + " rows, logistic regression, to equal test log-loss",
          cache.flights(quick ? 20_000 : 1_000_000), linear(), "log_loss", Workload.Goal.LINEAR, linearLadder());
      case "synthetic-lr" -> new Workload(id, "logistic",
          "synthetic dense binary, " + rows(1_000_000) + " x 100, logistic regression, to equal test log-loss",
          quick ? cache.syntheticLogistic(20_000, 5_000, 100) : cache.syntheticLogistic(1_000_000, 200_000, 100),
          linear(), "log_loss", Workload.Goal.LINEAR, linearLadder());
      case "movielens-als" -> new Workload(id, "als", "MovieLens small, ALS rank 10, 15 iterations, lambda 0.1",
          cache.movielens(), als(15, "0.1"), "rmse", Workload.Goal.ALS, null);
      case "synthetic-als" -> new Workload(id, "als",
          "synthetic " + (quick ? "200k" : "10M") + " ratings, ALS rank 10, lambda 0.05, RMSE vs time",
          quick ? cache.syntheticAls(200_000, 4_000, 1_000) : cache.syntheticAls(10_000_000, 100_000, 20_000),
          als(0, "0.05"), "rmse", Workload.Goal.ALS,
          new Workload.Ladder("rmse", List.of("iterations"), alsRungs(), alsRungs()));
      default -> throw new IllegalArgumentException("unknown workload '" + id + "'");
    };
  }

  private DataCache.Split fashion() throws IOException {
    return quick ? cache.fashion(3_000, 1_000) : cache.fashion(0, 0);
  }

  private String rows(int full) {
    return String.format(java.util.Locale.ROOT, "%,d", quick ? full / 50 : full);
  }

  private int trees() {
    return quick ? 10 : 100;
  }

  private String depth() {
    return quick ? "10" : "20";
  }

  private Map<String, String> forest() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("trees", Integer.toString(trees()));
    p.put("max_depth", depth());
    p.put("min_leaf", "1");
    p.put("features", "sqrt");
    return p;
  }

  private Map<String, String> linear() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("l2", "0.0001");
    // the budget is the ladder's rung: Trainyard must not stop on its own held-out rows before it
    p.put("ty.early_stopping", "false");
    return p;
  }

  private Workload.Ladder linearLadder() {
    List<Integer> ty = quick ? List.of(1, 4) : List.of(1, 2, 4, 8, 16, 32, 64);
    List<Integer> peers = quick ? List.of(5, 20) : List.of(5, 10, 20, 40, 80, 160, 320);
    return new Workload.Ladder("log_loss", List.of("epochs", "iterations"), ty, peers);
  }

  private List<Integer> alsRungs() {
    return quick ? List.of(2, 8) : List.of(1, 2, 4, 8, 16);
  }

  private static Map<String, String> als(int iterations, String lambda) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("rank", "10");
    p.put("lambda", lambda);
    if (iterations > 0) {
      p.put("iterations", Integer.toString(iterations));
    }
    return p;
  }

  /** The ids of the named suites (comma-separated in the option), duplicates once, in order. */
  static List<String> idsOf(List<String> suites) {
    List<String> out = new ArrayList<>();
    for (String s : suites) {
      for (String id : ids(s)) {
        if (!out.contains(id)) {
          out.add(id);
        }
      }
    }
    return out;
  }
}
