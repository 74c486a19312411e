package dev.trainyard.cluster.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.job.JobSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One task's instructions, as JSON text on the queue: its kind, the job's spec, the training (and
 * test) dataset by content hash, which experiment unit to fit, the tree range for {@link TaskKind#TREES},
 * the parameter-server shards for {@link TaskKind#PS_FIT} (empty: start in-process shards), and for
 * {@link TaskKind#PREDICT} the model file and which of {@code shards} row shards to predict
 * ({@code unit} is the shard index). Everything a worker needs to rebuild the same work; immutable.
 */
public record TaskPayload(
    TaskKind kind,
    String jobId,
    JobSpec spec,
    DataRef train,
    Optional<DataRef> test,
    int unit,
    int treeFrom,
    int treeTo,
    List<String> psShards,
    Optional<DataRef> model,
    int shards) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A payload without a model (training tasks). */
  public TaskPayload(TaskKind kind, String jobId, JobSpec spec, DataRef train, Optional<DataRef> test, int unit,
      int treeFrom, int treeTo, List<String> psShards) {
    this(kind, jobId, spec, train, test, unit, treeFrom, treeTo, psShards, Optional.empty(), 0);
  }

  public TaskPayload {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    psShards = List.copyOf(psShards);
    Objects.requireNonNull(model, "model");
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("kind", kind.id());
    n.put("job", jobId);
    n.set("spec", spec.toJson(JSON));
    n.set("train", ref(train));
    test.ifPresent(t -> n.set("test", ref(t)));
    n.put("unit", unit);
    n.put("tree_from", treeFrom);
    n.put("tree_to", treeTo);
    psShards.forEach(n.putArray("ps_shards")::add);
    model.ifPresent(m -> n.set("model", ref(m)));
    if (shards > 0) {
      n.put("shards", shards);
    }
    return n.toString();
  }

  public static TaskPayload fromJson(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      List<String> shards = new java.util.ArrayList<>();
      n.path("ps_shards").forEach(s -> shards.add(s.asText()));
      return new TaskPayload(TaskKind.fromId(n.path("kind").asText()), n.path("job").asText(),
          spec(n.get("spec")), ref(n.get("train")),
          n.has("test") ? Optional.of(ref(n.get("test"))) : Optional.empty(),
          n.path("unit").asInt(), n.path("tree_from").asInt(), n.path("tree_to").asInt(), shards,
          n.has("model") ? Optional.of(ref(n.get("model"))) : Optional.empty(), n.path("shards").asInt());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("task payload is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Specs parsed lately: the tasks of one job carry the same spec, which needs validating only once. */
  private static final java.util.Map<String, JobSpec> SPECS = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, JobSpec> e) {
          return size() > 64;
        }
      });

  private static JobSpec spec(JsonNode n) {
    String key = n.toString();
    JobSpec s = SPECS.get(key);
    if (s == null) {
      s = JobSpec.fromJson(n);
      SPECS.put(key, s);
    }
    return s;
  }

  private static ObjectNode ref(DataRef r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("sha256", r.sha256());
    n.put("format", r.format());
    n.put("name", r.name());
    return n;
  }

  private static DataRef ref(JsonNode n) {
    return new DataRef(n.path("sha256").asText(), n.path("format").asText(), n.path("name").asText());
  }
}
