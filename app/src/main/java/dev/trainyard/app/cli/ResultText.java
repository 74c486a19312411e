package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** A job result (the API's {@code {"job", "model_id", "result"}}) as a short text summary. */
final class ResultText {
  private ResultText() {}

  static void print(PrintStream out, JsonNode answer) {
    JsonNode r = answer.path("result");
    if (r.path("kind").asText().equals("predict")) {
      out.printf(Locale.ROOT, "job %s: %d predictions of %s with model %s; download: GET /api/v1/jobs/%s/predictions%n",
          answer.path("job").asText(), r.path("rows").asLong(), r.path("data").asText(), r.path("model_id").asText(),
          answer.path("job").asText());
      out.flush();
      return;
    }
    String evaluated = switch (r.path("evaluated_on").asText("")) {
      case "cv" -> r.path("folds").size() + "-fold cross-validation";
      case "test" -> "test rows: " + r.path("test_rows").asLong() + ", training rows: " + r.path("train_rows").asLong();
      case "" -> "-";
      default -> "the training rows (optimistic)";
    };
    out.printf(Locale.ROOT, "job %s: %s (%s), evaluated on %s%n", answer.path("job").asText(),
        r.path("algorithm").asText("?"), r.path("task").asText("?"), evaluated);
    JsonNode std = r.path("metrics_std");
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("metrics").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      JsonNode sd = std.path(m.getKey());
      out.printf(Locale.ROOT, "  %-16s %s%s%n", m.getKey(), number(m.getValue()),
          sd.isNumber() ? " ± " + number(sd) : "");
    }
    if (r.has("train_seconds")) {
      out.printf(Locale.ROOT, "  %-16s %.2f s%n", "train time", r.path("train_seconds").asDouble());
    }
    String model = answer.path("model_id").asText("");
    if (!model.isEmpty()) {
      out.println("model: " + model);
    }
    out.flush();
  }

  private static String number(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "n/a";
  }
}
