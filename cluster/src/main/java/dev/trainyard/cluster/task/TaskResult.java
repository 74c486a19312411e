package dev.trainyard.cluster.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A task's stored result, as JSON text: the fitted model (see {@link ModelCodec}), the seconds the
 * fit took and the worker that produced it; or a permanent error (bad input that no retry fixes),
 * which fails the job. Immutable.
 */
public record TaskResult(Optional<String> model, double seconds, String worker, Optional<String> error) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static TaskResult ok(String model, double seconds, String worker) {
    return new TaskResult(Optional.of(model), seconds, worker, Optional.empty());
  }

  public static TaskResult permanentError(String message, String worker) {
    return new TaskResult(Optional.empty(), 0, worker, Optional.of(message));
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    model.ifPresent(m -> n.put("model", m));
    n.put("seconds", seconds);
    n.put("worker", worker);
    error.ifPresent(e -> n.put("error", e));
    return n.toString();
  }

  public static TaskResult fromJson(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return new TaskResult(Optional.ofNullable(n.get("model")).map(JsonNode::asText), n.path("seconds").asDouble(),
          n.path("worker").asText(), Optional.ofNullable(n.get("error")).map(JsonNode::asText));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("task result is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
