package dev.trainyard.cluster.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.queue.Priority;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as a user submits it (JSON, see {@link JobSpecParser}): what to do ({@code train} or
 * {@code predict}), on which dataset, with which algorithm and parameters, how to validate, with
 * which resources and at which priority. Immutable; parameter values stay text until the algorithm
 * parses them.
 *
 * <p>JSON keys: {@code kind}, {@code name}, {@code dataset}, {@code label}, {@code algorithm},
 * {@code params}, {@code validation} ({@code {"cv": K}}, {@code {"test_dataset": ID}},
 * {@code {"test_fraction": F}} or {@code {}}), {@code resources} ({@code workers}, {@code ps_shards},
 * {@code consistency}, {@code staleness}, {@code tasks}), {@code priority}, {@code seed},
 * {@code types}, {@code separator}, {@code model} (for predict), {@code final_model} (default true;
 * false skips refitting on all rows after cross-validation, so the job has metrics but no model).
 */
public record JobSpec(
    Kind kind,
    String name,
    String dataset,
    String label,
    String algorithm,
    Map<String, String> params,
    Validation validation,
    Resources resources,
    Priority priority,
    long seed,
    Map<String, String> types,
    char separator,
    Optional<String> model,
    boolean finalModel) {

  public JobSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(algorithm, "algorithm");
    params = Map.copyOf(new LinkedHashMap<>(params));
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(priority, "priority");
    types = Map.copyOf(types);
    Objects.requireNonNull(model, "model");
  }

  /** What a job does. */
  public enum Kind {
    /** Train (and evaluate) a model. */
    TRAIN,
    /** Batch prediction of a saved model on a dataset. */
    PREDICT,
    /** Parse an uploaded CSV in chunks, infer the column types, and store it as a typed dataset. */
    PREPROCESS;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How a trained model is evaluated; at most one scheme. */
  public record Validation(int cvFolds, Optional<String> testDataset, double testFraction) {
    public static final Validation NONE = new Validation(0, Optional.empty(), 0);

    public Validation {
      Objects.requireNonNull(testDataset, "testDataset");
    }

    public static Validation cv(int k) {
      return new Validation(k, Optional.empty(), 0);
    }

    public static Validation testDataset(String id) {
      return new Validation(0, Optional.of(id), 0);
    }

    public static Validation fraction(double f) {
      return new Validation(0, Optional.empty(), f);
    }
  }

  /**
   * Resources: {@code workers} for parameter-server training (0 trains on one worker's slot),
   * {@code psShards} in-process shards for such training (0 uses {@code psAddresses}, else the
   * registered shards, else one in-process shard), {@code consistency} bsp/ssp/asp with
   * {@code staleness}, {@code psGzip} to compress PS traffic, and {@code tasks}, how many tasks a
   * random forest unit is split into (0 picks a default).
   */
  public record Resources(int workers, int psShards, String consistency, int staleness, int tasks,
      java.util.List<String> psAddresses, boolean psGzip) {
    public static final Resources DEFAULT = new Resources(0, 0, "bsp", 0, 0, java.util.List.of(), false);

    public Resources {
      Objects.requireNonNull(consistency, "consistency");
      psAddresses = java.util.List.copyOf(psAddresses);
    }
  }

  /** The spec as JSON, in the form {@link JobSpecParser#parse} reads back. */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("kind", kind.id());
    n.put("name", name);
    n.put("dataset", dataset);
    n.put("label", label);
    n.put("algorithm", algorithm);
    ObjectNode p = n.putObject("params");
    params.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> p.put(e.getKey(), e.getValue()));
    ObjectNode v = n.putObject("validation");
    if (validation.cvFolds() > 0) {
      v.put("cv", validation.cvFolds());
    }
    validation.testDataset().ifPresent(t -> v.put("test_dataset", t));
    if (validation.testFraction() > 0) {
      v.put("test_fraction", validation.testFraction());
    }
    ObjectNode r = n.putObject("resources");
    r.put("workers", resources.workers());
    r.put("ps_shards", resources.psShards());
    r.put("consistency", resources.consistency());
    r.put("staleness", resources.staleness());
    r.put("tasks", resources.tasks());
    if (!resources.psAddresses().isEmpty()) {
      resources.psAddresses().forEach(r.putArray("ps")::add);
    }
    if (resources.psGzip()) {
      r.put("ps_gzip", true);
    }
    n.put("priority", priority.name().toLowerCase(java.util.Locale.ROOT));
    n.put("seed", seed);
    ObjectNode t = n.putObject("types");
    types.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> t.put(e.getKey(), e.getValue()));
    n.put("separator", String.valueOf(separator));
    model.ifPresent(m -> n.put("model", m));
    if (!finalModel) {
      n.put("final_model", false);
    }
    return n;
  }

  /** Reads a spec that {@link #toJson} wrote (already validated once). */
  public static JobSpec fromJson(JsonNode n) {
    return JobSpecParser.parse(n);
  }
}
