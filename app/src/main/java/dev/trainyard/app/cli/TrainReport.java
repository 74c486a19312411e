package dev.trainyard.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trainyard.cluster.job.ResultJson;
import dev.trainyard.ml.metrics.ConfusionMatrix;
import dev.trainyard.ml.pipeline.ExperimentResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Prints a training result as text for people or as one JSON object for scripts. */
final class TrainReport {
  private final ExperimentResult r;
  private final Path data;
  private final int rows;
  private final int columns;
  private final double loadSeconds;
  private final Path modelPath;

  TrainReport(ExperimentResult r, Path data, int rows, int columns, double loadSeconds, Path modelPath) {
    this.r = r;
    this.data = data;
    this.rows = rows;
    this.columns = columns;
    this.loadSeconds = loadSeconds;
    this.modelPath = modelPath;
  }

  void print(PrintStream out, boolean json) {
    if (json) {
      try {
        out.println(ResultJson.MAPPER.writeValueAsString(toJson()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      printText(out);
    }
    out.flush();
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = ResultJson.of(r, data.toString(), loadSeconds);
    if (modelPath != null) {
      m.put("model_path", modelPath.toString());
    }
    return m;
  }

  private void printText(PrintStream out) {
    String scheme = switch (r.evaluatedOn()) {
      case "cv" -> r.folds().size() + "-fold cross-validation";
      case "test" -> "test rows: " + r.testRows() + ", training rows: " + r.trainRows();
      default -> "evaluated on the training rows (optimistic; use --cv, --test or --test-fraction)";
    };
    out.printf(Locale.ROOT, "%s (%s) on %s: %d rows x %d columns; %s%n", r.algorithm(), r.task().id(),
        data.getFileName(), rows, columns, scheme);
    r.metrics().forEach((k, v) -> {
      Double sd = r.metricsStd().get(k);
      out.printf(Locale.ROOT, "  %-16s %.4f%s%n", k, v, sd == null ? "" : String.format(Locale.ROOT, " ± %.4f", sd));
    });
    out.printf(Locale.ROOT, "  %-16s %.2f s (data loaded in %.2f s)%n", "train time", r.trainSeconds(), loadSeconds);
    r.confusion().filter(c -> c.classes().size() <= 20).ifPresent(c -> printConfusion(out, c));
    if (modelPath != null) {
      out.println("model saved to " + modelPath);
    }
  }

  private static void printConfusion(PrintStream out, ConfusionMatrix c) {
    out.println("confusion matrix (rows: actual, columns: predicted)");
    int w = 6;
    for (String name : c.classes()) {
      w = Math.max(w, name.length() + 1);
    }
    StringBuilder head = new StringBuilder(" ".repeat(w + 2));
    for (String name : c.classes()) {
      head.append(String.format(Locale.ROOT, "%" + w + "s", name));
    }
    out.println(head);
    long[][] counts = c.counts();
    for (int i = 0; i < counts.length; i++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %" + w + "s", c.classes().get(i)));
      for (long n : counts[i]) {
        row.append(String.format(Locale.ROOT, "%" + w + "d", n));
      }
      out.println(row);
    }
  }
}
