package dev.trainyard.cluster.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainyard.cluster.job.JobSpec.Kind;
import dev.trainyard.cluster.job.JobSpec.Resources;
import dev.trainyard.cluster.job.JobSpec.Validation;
import dev.trainyard.cluster.queue.Priority;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.pipeline.Algorithms;
import dev.trainyard.ps.train.PsTrainerSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates a JSON job spec, collecting every problem before failing: the thrown
 * {@link InvalidInputException} says how many problems there are and lists each in
 * {@link InvalidInputException#details()}. Checks everything that needs no data (dataset existence
 * is the job service's check); algorithm parameters are checked by the algorithm itself.
 */
public final class JobSpecParser {
  private static final Set<String> KEYS = Set.of("kind", "name", "dataset", "label", "algorithm", "params",
      "validation", "resources", "priority", "seed", "types", "separator", "model", "final_model");
  private static final Set<String> RESOURCE_KEYS = Set.of("workers", "ps_shards", "consistency", "staleness", "tasks", "ps",
      "ps_gzip");
  private static final Set<String> TYPES = Set.of("numeric", "categorical", "text");

  private final JsonNode root;
  private final List<String> problems = new ArrayList<>();

  private JobSpecParser(JsonNode root) {
    this.root = root;
  }

  public static JobSpec parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("a job spec must be a JSON object");
    }
    return new JobSpecParser(root).read();
  }

  private JobSpec read() {
    root.fieldNames().forEachRemaining(k -> {
      if (!KEYS.contains(k)) {
        problems.add("unknown key '" + k + "'; known keys are " + new java.util.TreeSet<>(KEYS));
      }
    });
    Kind kind = kind();
    String dataset = text("dataset", null);
    String algorithm = kind == Kind.TRAIN ? text("algorithm", null) : text("algorithm", "");
    String label = text("label", "label");
    Map<String, String> params = stringMap("params");
    Validation validation = validation();
    Resources resources = resources();
    Priority priority = priority();
    long seed = root.has("seed") ? longValue("seed") : 42L;
    Map<String, String> types = stringMap("types");
    types.forEach((col, t) -> {
      if (!TYPES.contains(t.toLowerCase(Locale.ROOT))) {
        problems.add("types." + col + " must be numeric, categorical or text, was '" + t + "'");
      }
    });
    char separator = separator();
    Optional<String> model = Optional.ofNullable(text("model", kind == Kind.PREDICT ? null : ""))
        .filter(s -> !s.isEmpty());
    boolean finalModel = true;
    if (root.has("final_model")) {
      if (!root.get("final_model").isBoolean()) {
        problems.add("final_model must be true or false, was " + root.get("final_model"));
      } else {
        finalModel = root.get("final_model").asBoolean();
      }
    }
    if (kind == Kind.TRAIN && algorithm != null && !algorithm.isEmpty()) {
      checkAlgorithm(algorithm, params, resources);
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("invalid job spec: " + problems.size()
          + (problems.size() == 1 ? " problem: " + problems.get(0) : " problems"), problems);
    }
    String name = text("name", "");
    return new JobSpec(kind, name == null ? "" : name, dataset, label, algorithm == null ? "" : algorithm, params,
        validation, resources, priority, seed, types, separator, model, finalModel);
  }

  private void checkAlgorithm(String algorithm, Map<String, String> params, Resources resources) {
    try {
      Algorithms.get(algorithm).parse(params);
    } catch (InvalidInputException e) {
      if (e.details().isEmpty()) {
        problems.add(e.getMessage());
      } else {
        problems.addAll(e.details());
      }
      return;
    }
    if (resources.workers() > 0 && !PsTrainerSource.SUPPORTED.contains(algorithm)) {
      problems.add("resources.workers trains on the parameter server, which supports "
          + String.join(", ", PsTrainerSource.SUPPORTED) + "; " + algorithm + " is split into tasks with resources.tasks");
    }
  }

  private Kind kind() {
    String k = text("kind", "train");
    if (k == null) {
      return Kind.TRAIN;
    }
    try {
      return Kind.valueOf(k.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add("kind must be train, predict or preprocess, was '" + k + "'");
      return Kind.TRAIN;
    }
  }

  private Validation validation() {
    JsonNode v = root.get("validation");
    if (v == null || v.isNull()) {
      return Validation.NONE;
    }
    if (!v.isObject()) {
      problems.add("validation must be an object such as {\"cv\": 5}, {\"test_fraction\": 0.2} or {\"test_dataset\": ID}");
      return Validation.NONE;
    }
    List<String> given = new ArrayList<>();
    v.fieldNames().forEachRemaining(given::add);
    for (String k : given) {
      if (!Set.of("cv", "test_fraction", "test_dataset").contains(k)) {
        problems.add("validation." + k + " is unknown; use cv, test_fraction or test_dataset");
      }
    }
    if (given.size() > 1) {
      problems.add("validation takes one of cv, test_fraction or test_dataset, got " + given);
      return Validation.NONE;
    }
    if (v.has("cv")) {
      int k = intIn(v.get("cv"), "validation.cv", 2, 1_000_000);
      return Validation.cv(Math.max(k, 2));
    }
    if (v.has("test_fraction")) {
      JsonNode f = v.get("test_fraction");
      if (!f.isNumber() || !(f.asDouble() > 0 && f.asDouble() < 1)) {
        problems.add("validation.test_fraction must be greater than 0 and less than 1, was " + f);
        return Validation.NONE;
      }
      return Validation.fraction(f.asDouble());
    }
    if (v.has("test_dataset")) {
      JsonNode t = v.get("test_dataset");
      if (!t.isTextual() || t.asText().isBlank()) {
        problems.add("validation.test_dataset must be a dataset id");
        return Validation.NONE;
      }
      return Validation.testDataset(t.asText());
    }
    return Validation.NONE;
  }

  private Resources resources() {
    JsonNode r = root.get("resources");
    if (r == null || r.isNull()) {
      return Resources.DEFAULT;
    }
    if (!r.isObject()) {
      problems.add("resources must be an object");
      return Resources.DEFAULT;
    }
    r.fieldNames().forEachRemaining(k -> {
      if (!RESOURCE_KEYS.contains(k)) {
        problems.add("resources." + k + " is unknown; known keys are " + new java.util.TreeSet<>(RESOURCE_KEYS));
      }
    });
    int workers = r.has("workers") ? intIn(r.get("workers"), "resources.workers", 0, 256) : 0;
    int shards = r.has("ps_shards") ? intIn(r.get("ps_shards"), "resources.ps_shards", 0, 64) : 0;
    int tasks = r.has("tasks") ? intIn(r.get("tasks"), "resources.tasks", 0, 10_000) : 0;
    String consistency = "bsp";
    if (r.has("consistency")) {
      consistency = r.get("consistency").asText().toLowerCase(Locale.ROOT);
      if (!Set.of("bsp", "ssp", "asp").contains(consistency)) {
        problems.add("resources.consistency must be bsp, ssp or asp, was '" + r.get("consistency").asText() + "'");
      }
    }
    int staleness = r.has("staleness") ? intIn(r.get("staleness"), "resources.staleness", 0, 1000) : 0;
    if (consistency.equals("ssp") && r.has("staleness") && staleness < 1) {
      problems.add("resources.staleness must be at least 1 with ssp, was " + staleness);
    }
    if (!consistency.equals("ssp") && staleness > 0) {
      problems.add("resources.staleness only applies to ssp consistency");
    }
    if ((shards > 0 || !consistency.equals("bsp")) && workers == 0) {
      problems.add("resources.ps_shards and resources.consistency need resources.workers >= 1");
    }
    List<String> addresses = new ArrayList<>();
    JsonNode ps = r.get("ps");
    if (ps != null && !ps.isNull()) {
      if (!ps.isArray()) {
        problems.add("resources.ps must be a list of HOST:PORT addresses of running PS shards");
      } else {
        ps.forEach(a -> {
          String s = a.asText();
          int colon = s.lastIndexOf(':');
          if (!a.isTextual() || colon <= 0 || !s.substring(colon + 1).matches("\\d{1,5}")) {
            problems.add("resources.ps entries must be HOST:PORT, was " + a);
          } else {
            addresses.add(s);
          }
        });
      }
    }
    if (!addresses.isEmpty() && shards > 0) {
      problems.add("give either resources.ps (running shards) or resources.ps_shards (in-process shards), not both");
    }
    if (!addresses.isEmpty() && workers == 0) {
      problems.add("resources.ps needs resources.workers >= 1");
    }
    boolean gzip = r.path("ps_gzip").asBoolean(false);
    return new Resources(workers, shards, consistency, consistency.equals("ssp") && staleness == 0 ? 2 : staleness,
        tasks, addresses, gzip);
  }

  private Priority priority() {
    String p = text("priority", "normal");
    if (p == null) {
      return Priority.NORMAL;
    }
    try {
      return Priority.valueOf(p.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add("priority must be low, normal or high, was '" + p + "'");
      return Priority.NORMAL;
    }
  }

  private char separator() {
    String s = text("separator", ",");
    if (s == null) {
      return ',';
    }
    if (s.equalsIgnoreCase("tab") || s.equals("\t")) {
      return '\t';
    }
    if (s.length() != 1) {
      problems.add("separator must be a single character or 'tab', was '" + s + "'");
      return ',';
    }
    return s.charAt(0);
  }

  /** A text value; missing gives {@code dflt}, and a missing required one (dflt null) is a problem. */
  private String text(String key, String dflt) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      if (dflt == null) {
        problems.add(key + " is required");
      }
      return dflt;
    }
    if (!n.isTextual()) {
      problems.add(key + " must be a string, was " + n);
      return dflt;
    }
    return n.asText();
  }

  private long longValue(String key) {
    JsonNode n = root.get(key);
    if (!n.canConvertToLong() || !n.isIntegralNumber()) {
      problems.add(key + " must be an integer, was " + n);
      return 42L;
    }
    return n.asLong();
  }

  private int intIn(JsonNode n, String name, int min, int max) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
      problems.add(name + " must be an integer between " + min + " and " + max + ", was " + n);
      return min;
    }
    int v = n.asInt();
    if (v < min || v > max) {
      problems.add(name + " must be between " + min + " and " + max + ", was " + v);
      return min;
    }
    return v;
  }

  /** An object of scalar values, read as text (numbers and booleans keep their JSON spelling). */
  private Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      problems.add(key + " must be an object of names to values");
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isValueNode() && !v.isNull()) {
        out.put(e.getKey(), v.asText());
      } else if (v.isArray()) {
        List<String> parts = new ArrayList<>();
        v.forEach(x -> parts.add(x.asText()));
        out.put(e.getKey(), String.join(",", parts));
      } else {
        problems.add(key + "." + e.getKey() + " must be a number, string or boolean, was " + v);
      }
    }
    return out;
  }
}
