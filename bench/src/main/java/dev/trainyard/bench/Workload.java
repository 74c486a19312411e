package dev.trainyard.bench;

import java.util.List;
import java.util.Map;

/**
 * One benchmark workload: an algorithm ({@code kind}: random-forest, softmax, logistic, als) on a
 * prepared train/test split with contract parameters (bench/README.md), the quality metric the
 * report leads with, the goal of issue 7 it is judged by, and, for comparisons at equal loss, the
 * ladder of budgets to calibrate on. Immutable.
 */
record Workload(String id, String kind, String title, DataCache.Split data, Map<String, String> params,
    String quality, Goal goal, Ladder ladder) {

  /** The goal of issue 7 that a workload's numbers are held against. */
  enum Goal { FOREST, LINEAR, ALS }

  /**
   * Budgets to try before the measured runs (equal-loss comparison): {@code keys} are the parameters
   * set to the budget (e.g. epochs and iterations), {@code trainyard} and {@code peers} the rungs.
   */
  record Ladder(String lossMetric, List<String> keys, List<Integer> trainyard, List<Integer> peers) {
    List<Integer> rungs(String system) {
      return system.equals(Systems.TRAINYARD) ? trainyard : peers;
    }
  }

  /** Lower is better for losses and errors, higher for accuracy and AUC. */
  static boolean lowerIsBetter(String metric) {
    return metric.equals("log_loss") || metric.equals("rmse") || metric.equals("mae");
  }

  /** The metrics the report shows for this workload, the quality metric first. */
  List<String> metrics() {
    return switch (kind) {
      case "random-forest" -> quality.equals("auc") ? List.of("auc", "accuracy", "log_loss")
          : List.of("accuracy", "log_loss");
      case "logistic" -> List.of("log_loss", "auc", "accuracy");
      case "softmax" -> List.of("log_loss", "accuracy");
      default -> List.of("rmse", "mae");
    };
  }
}
