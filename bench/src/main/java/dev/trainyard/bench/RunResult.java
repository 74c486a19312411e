package dev.trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of one workload by one system, or the record that it could not run. Times in seconds,
 * {@code peakRssBytes} -1 when unknown, {@code status} {@code "ok"}, {@code "not run: why"} or
 * {@code "failed: why"}, {@code phase} {@code "measured"}, {@code "calibration"} or {@code "profile"}.
 * Immutable.
 */
public record RunResult(String system, String workload, int repeat, String phase, double loadSeconds,
    double trainSeconds, long peakRssBytes, Map<String, Double> metrics, Map<String, String> params, String status) {

  public static final String OK = "ok";
  private static final ObjectMapper JSON = new ObjectMapper();

  public RunResult {
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    phase = phase == null ? "measured" : phase;
    status = status == null ? OK : status;
  }

  /** A successful measured run (the shape of the first version of this record). */
  public RunResult(String system, String workload, int repeat, double loadSeconds, double trainSeconds,
      Map<String, Double> metrics) {
    this(system, workload, repeat, "measured", loadSeconds, trainSeconds, -1, metrics, Map.of(), OK);
  }

  /** A run that did not happen; {@code why} says why (and how to make it possible). */
  public static RunResult notRun(String system, String workload, String why) {
    return new RunResult(system, workload, 0, "measured", Double.NaN, Double.NaN, -1, Map.of(), Map.of(),
        "not run: " + why);
  }

  /** A run that started and failed. */
  public static RunResult failed(String system, String workload, String why) {
    return new RunResult(system, workload, 0, "measured", Double.NaN, Double.NaN, -1, Map.of(), Map.of(),
        "failed: " + why);
  }

  /**
   * Parses a peer's one JSON object ({@code {"peer","workload","load_seconds","train_seconds",
   * "peak_rss_bytes","metrics":{...}}}, see bench/README.md); {@code stdout} may hold other lines
   * before it, the object is the last line that starts with '{'.
   */
  public static RunResult fromPeerJson(String system, String stdout) {
    String line = null;
    for (String l : stdout.split("\n")) {
      if (l.trim().startsWith("{")) {
        line = l.trim();
      }
    }
    if (line == null) {
      throw new IllegalStateException(system + " printed no JSON object; its output was: " + tail(stdout, 400));
    }
    try {
      JsonNode j = JSON.readTree(line);
      Map<String, Double> metrics = new LinkedHashMap<>();
      j.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
      return new RunResult(system, j.path("workload").asText(""), 0, "measured", j.path("load_seconds").asDouble(),
          j.path("train_seconds").asDouble(), j.path("peak_rss_bytes").asLong(-1), metrics, Map.of(), OK);
    } catch (IOException e) {
      throw new IllegalStateException(system + " printed a malformed JSON object: " + tail(line, 400), e);
    }
  }

  boolean ok() {
    return OK.equals(status);
  }

  RunResult as(String workloadId, int run, String runPhase, Map<String, String> runParams) {
    return new RunResult(system, workloadId, run, runPhase, loadSeconds, trainSeconds, peakRssBytes, metrics,
        runParams, status);
  }

  double metric(String key) {
    return metrics.getOrDefault(key, Double.NaN);
  }

  static String tail(String s, int chars) {
    String t = s.strip();
    return t.length() <= chars ? t : "..." + t.substring(t.length() - chars);
  }
}
