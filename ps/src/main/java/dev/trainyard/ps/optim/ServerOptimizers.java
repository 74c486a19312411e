package dev.trainyard.ps.optim;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.optim.LearningRateSchedule;
import dev.trainyard.ml.optim.Optimizer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the optimizer a table names, from its hyper-parameters. Unknown names and unknown or
 * out-of-range hyper-parameters are {@link InvalidInputException}s naming the rule.
 */
public final class ServerOptimizers {
  /** Optimizer names accepted by {@link #create}. */
  public static final List<String> NAMES = List.of("sgd", "momentum", "adagrad", "adam", "ftrl");

  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "sgd", Set.of("learning_rate", "decay", "l1"),
      "momentum", Set.of("learning_rate", "decay", "l1", "momentum", "nesterov"),
      "adagrad", Set.of("learning_rate", "decay", "l1"),
      "adam", Set.of("learning_rate", "decay", "l1"),
      "ftrl", Set.of("alpha", "beta", "l1", "l2"));

  private ServerOptimizers() {}

  /**
   * The optimizer {@code name} with {@code hyper} overriding its defaults: {@code learning_rate}
   * 0.01, {@code decay} 0 (the rate at push t is {@code learning_rate / (1 + decay * t)}; 0 keeps
   * it constant), {@code l1} 0, {@code momentum} 0.9, {@code nesterov} 0 (1 = Nesterov); FTRL:
   * {@code alpha} 0.1, {@code beta} 1, {@code l1} 0, {@code l2} 0.
   */
  public static Optimizer create(String name, Map<String, Double> hyper) {
    Set<String> allowed = ALLOWED.get(name);
    if (allowed == null) {
      throw new InvalidInputException("optimizer must be one of " + NAMES + ", was '" + name + "'");
    }
    for (String key : hyper.keySet()) {
      if (!allowed.contains(key)) {
        throw new InvalidInputException("hyper-parameter '" + key + "' is not one of "
            + new TreeSet<>(allowed) + " for optimizer " + name);
      }
    }
    if (name.equals("ftrl")) {
      return new Ftrl(hyper.getOrDefault("alpha", 0.1), hyper.getOrDefault("beta", 1.0),
          hyper.getOrDefault("l1", 0.0), hyper.getOrDefault("l2", 0.0));
    }
    double rate = hyper.getOrDefault("learning_rate", 0.01);
    double decay = hyper.getOrDefault("decay", 0.0);
    if (!(decay >= 0) || Double.isInfinite(decay)) {
      throw new InvalidInputException("decay must be >= 0, was " + decay);
    }
    LearningRateSchedule lr = decay == 0 ? LearningRateSchedule.constant(rate) : LearningRateSchedule.inverseTime(rate, decay);
    Optimizer base = switch (name) {
      case "sgd" -> Optimizer.sgd(lr);
      case "momentum" -> Optimizer.momentum(lr, hyper.getOrDefault("momentum", 0.9), nesterov(hyper));
      case "adagrad" -> Optimizer.adagrad(lr);
      default -> Optimizer.adam(lr);
    };
    double l1 = hyper.getOrDefault("l1", 0.0);
    return l1 == 0 ? base : base.withL1(l1);
  }

  private static boolean nesterov(Map<String, Double> hyper) {
    double v = hyper.getOrDefault("nesterov", 0.0);
    if (v != 0 && v != 1) {
      throw new InvalidInputException("nesterov must be 0 or 1, was " + v);
    }
    return v == 1;
  }
}
