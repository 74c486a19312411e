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
 * and the parameter-server shards for {@link TaskKind#PS_FIT} (empty: start in-process shards).
 * Everything a worker needs to rebuild the same experiment; immutable.
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
    List<String> psShards) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public TaskPayload {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    psShards = List.copyOf(psShards);
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
    return n.toString();
  }

  public static TaskPayload fromJson(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      List<String> shards = new java.util.ArrayList<>();
      n.path("ps_shards").forEach(s -> shards.add(s.asText()));
      return new TaskPayload(TaskKind.fromId(n.path("kind").asText()), n.path("job").asText(),
          JobSpec.fromJson(n.get("spec")), ref(n.get("train")),
          n.has("test") ? Optional.of(ref(n.get("test"))) : Optional.empty(),
          n.path("unit").asInt(), n.path("tree_from").asInt(), n.path("tree_to").asInt(), shards);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("task payload is not JSON: " + e.getOriginalMessage(), e);
    }
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
