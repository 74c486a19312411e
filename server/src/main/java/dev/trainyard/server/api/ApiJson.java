package dev.trainyard.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.MetricPoint;
import dev.trainyard.cluster.store.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How store records look on the wire: snake_case keys, ISO-8601 instants, absent values as null.
 * Stateless and thread-safe.
 */
final class ApiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  static ObjectNode dataset(DatasetRecord d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", d.id());
    n.put("owner", d.owner());
    n.put("name", d.name());
    n.put("sha256", d.sha256());
    n.put("bytes", d.bytes());
    n.put("format", d.format());
    n.put("created_at", d.createdAt().toString());
    return n;
  }

  /** A job without its tasks (for lists). */
  static ObjectNode jobSummary(JobRecord j) {
    JsonNode spec = parseStored(j.specJson());
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", j.id());
    n.put("owner", j.owner());
    n.put("name", spec.path("name").asText(""));
    n.put("algorithm", j.algorithm());
    n.put("dataset", j.datasetId());
    n.put("priority", j.priority());
    n.put("status", j.status().id());
    n.put("progress", j.progress());
    n.put("created_at", j.createdAt().toString());
    putInstant(n, "started_at", j.startedAt());
    putInstant(n, "finished_at", j.finishedAt());
    n.put("error", j.error().orElse(null));
    n.put("model_id", j.modelId().orElse(null));
    n.set("spec", spec);
    return n;
  }

  static ObjectNode job(JobRecord j, List<TaskRecord> tasks) {
    ObjectNode n = jobSummary(j);
    ArrayNode arr = n.putArray("tasks");
    for (TaskRecord t : tasks) {
      ObjectNode tn = arr.addObject();
      tn.put("task", t.taskId());
      tn.put("kind", t.kind());
      tn.put("state", t.state().id());
      tn.put("attempts", t.attempts());
      tn.put("worker", t.worker().orElse(null));
      putInstant(tn, "started_at", t.startedAt());
      putInstant(tn, "finished_at", t.finishedAt());
      tn.put("error", t.error().orElse(null));
    }
    return n;
  }

  static ArrayNode metrics(List<MetricPoint> points) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (MetricPoint p : points) {
      ObjectNode n = arr.addObject();
      n.put("series", p.series());
      n.put("step", p.step());
      if (Double.isFinite(p.value())) {
        n.put("value", p.value());
      } else {
        n.putNull("value");
      }
    }
    return arr;
  }

  static ObjectNode error(String message, List<String> details) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("error", message);
    ArrayNode d = n.putArray("details");
    details.forEach(d::add);
    return n;
  }

  /** JSON the store holds (written by us, so valid); anything unreadable shows as its text. */
  static JsonNode parseStored(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return MAPPER.getNodeFactory().textNode(json);
    }
  }

  static String write(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static void putInstant(ObjectNode n, String key, Optional<Instant> at) {
    n.put(key, at.map(Instant::toString).orElse(null));
  }

  /** A saved model's record: id, owner, job_id, algorithm, metrics (an object) and created_at. */
  static ObjectNode model(dev.trainyard.cluster.store.ModelRecord m) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", m.id());
    n.put("owner", m.owner());
    n.put("job_id", m.jobId());
    n.put("algorithm", m.algorithm());
    JsonNode metrics = parseStored(m.metricsJson());
    n.set("metrics", metrics.isObject() ? metrics : MAPPER.createObjectNode());
    n.put("created_at", m.createdAt().toString());
    return n;
  }
}
