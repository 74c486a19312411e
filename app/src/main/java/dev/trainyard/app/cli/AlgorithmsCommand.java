package dev.trainyard.app.cli;

import dev.trainyard.ml.param.ParamSpec;
import dev.trainyard.ml.pipeline.AlgorithmSpec;
import dev.trainyard.ml.pipeline.Algorithms;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trainyard algorithms}: lists algorithms and their parameters with defaults and ranges. */
@Command(name = "algorithms", mixinStandardHelpOptions = true,
    description = "List the algorithms and their parameters (name, default, allowed values).")
public final class AlgorithmsCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this algorithm.")
  String only;

  @Override
  public Integer call() {
    for (AlgorithmSpec a : only == null ? Algorithms.all() : java.util.List.of(Algorithms.get(only))) {
      System.out.printf(Locale.ROOT, "%s  (%s)%n  %s%n", a.name(), a.taskRule().name().toLowerCase(Locale.ROOT), a.description());
      for (ParamSpec p : a.params()) {
        System.out.printf(Locale.ROOT, "    %-20s default %-12s %-28s %s%n", p.name(), p.defaultValue(), allowed(p), p.description());
      }
      System.out.println();
    }
    return 0;
  }

  private static String allowed(ParamSpec p) {
    return switch (p.kind()) {
      case CHOICE, BOOLEAN -> String.join("|", p.choices());
      case INT, INT_LIST -> "[" + (long) p.min() + ", " + (long) p.max() + "]";
      case DOUBLE -> "[" + p.min() + ", " + (p.max() == Double.MAX_VALUE ? "inf" : p.max()) + "]";
      case TEXT -> "text";
    };
  }
}
