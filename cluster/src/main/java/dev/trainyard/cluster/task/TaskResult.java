package dev.trainyard.cluster.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A task's stored result, as JSON text: the fitted model (see {@link ModelCodec}), the seconds the
 * fit took, the seconds spent getting the data (fetch + parse, 0 when cached) and the worker that
 * produced it, with the worker's start and finish times of that attempt; or a permanent error (bad input that no retry fixes),
 * which fails the job. Immutable.
 */
public record TaskResult(Optional<String> model, double seconds, double loadSeconds, String worker,
    Optional<String> error, Optional<java.time.Instant> startedAt, Optional<java.time.Instant> finishedAt) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static TaskResult ok(String model, double seconds, double loadSeconds, String worker) {
    return new TaskResult(Optional.of(model), seconds, loadSeconds, worker, Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  public static TaskResult permanentError(String message, String worker) {
    return new TaskResult(Optional.empty(), 0, 0, worker, Optional.of(message), Optional.empty(), Optional.empty());
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    model.ifPresent(m -> n.put("model", m));
    n.put("seconds", seconds);
    n.put("load_seconds", loadSeconds);
    n.put("worker", worker);
    error.ifPresent(e -> n.put("error", e));
    return n.toString();
  }

  /**
   * Adds the worker's start and finish times to a result's JSON text ({@code started_at},
   * {@code finished_at}) without parsing it again (results can be megabytes of encoded model).
   */
  public static String withTimes(String json, java.time.Instant started, java.time.Instant finished) {
    int end = json.lastIndexOf('}');
    if (end < 0) {
      throw new IllegalArgumentException("a task result must be a JSON object");
    }
    String sep = json.substring(0, end).trim().endsWith("{") ? "" : ",";
    return json.substring(0, end) + sep + "\"started_at\":\"" + started + "\",\"finished_at\":\"" + finished + "\"}";
  }

  public static TaskResult fromJson(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return new TaskResult(Optional.ofNullable(n.get("model")).map(JsonNode::asText), n.path("seconds").asDouble(),
          n.path("load_seconds").asDouble(), n.path("worker").asText(),
          Optional.ofNullable(n.get("error")).map(JsonNode::asText), instant(n, "started_at"), instant(n, "finished_at"));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("task result is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Optional<java.time.Instant> instant(JsonNode n, String key) {
    try {
      return n.has(key) ? Optional.of(java.time.Instant.parse(n.get(key).asText())) : Optional.empty();
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
