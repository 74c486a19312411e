package dev.trainyard.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.common.Executors2;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Trainyard's side of a benchmark run, in its own JVM so that its peak RSS is measured like a
 * peer's: the peer protocol of bench/README.md. Usage:
 * {@code TrainyardPeer WORKLOAD TRAIN_CSV TEST_CSV THREADS SEED PARAMS_JSON}. Contract parameters
 * are mapped to Trainyard's names; a key {@code ty.NAME} passes {@code NAME} through unchanged.
 */
public final class TrainyardPeer {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** System property naming a file to write the training window to ("START END", ISO instants). */
  static final String WINDOW_PROPERTY = "trainyard.bench.window";
  private static final List<String> REPORTED = List.of("accuracy", "log_loss", "auc", "rmse", "mae");

  private TrainyardPeer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: TrainyardPeer WORKLOAD TRAIN_CSV TEST_CSV THREADS SEED PARAMS_JSON");
      System.exit(2);
    }
    String workload = args[0];
    Path train = Path.of(args[1]);
    Path test = Path.of(args[2]);
    int threads = Integer.parseInt(args[3]);
    long seed = Long.parseLong(args[4]);
    Map<String, String> given = JSON.readValue(args[5], new TypeReference<Map<String, String>>() {});
    Map<String, String> params = trainyardParams(workload, given);
    System.err.println("trainyard " + workload + " params " + params);

    long t0 = Ticker.SYSTEM.nanos();
    Frame trainFrame = CsvReader.read(train, CsvOptions.defaults());
    Frame testFrame = CsvReader.read(test, CsvOptions.defaults());
    double load = (Ticker.SYSTEM.nanos() - t0) / 1e9;
    String label = workload.equals("als") ? "rating" : "label";
    ExperimentSpec spec = new ExperimentSpec(algorithm(workload), label, params,
        new ExperimentSpec.Validation.TestFrame(testFrame, test.getFileName().toString()), seed, null, null);
    ExecutorService pool = Executors2.fixed(threads, "bench");
    ExperimentResult res;
    java.time.Instant trainStart = java.time.Instant.now();
    try {
      res = new Experiment(pool, threads, stage -> ProgressListener.NONE, Ticker.SYSTEM).run(trainFrame, spec, false);
    } finally {
      pool.shutdownNow();
    }
    String window = System.getProperty(WINDOW_PROPERTY);
    if (window != null) {
      // lets a JFR summary keep only the samples of training and evaluation, not of loading
      Files.writeString(Path.of(window), trainStart + " " + java.time.Instant.now() + "\n");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String k : REPORTED) {
      Double v = res.metrics().get(k);
      if (v != null && !v.isNaN()) {
        metrics.put(k, v);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("peer", "trainyard");
    out.put("workload", workload);
    out.put("load_seconds", load);
    out.put("train_seconds", res.trainSeconds());
    out.put("peak_rss_bytes", peakRssBytes());
    out.put("metrics", metrics);
    out.put("effective_params", res.params());
    System.out.println(JSON.writeValueAsString(out));
  }

  private static String algorithm(String workload) {
    return switch (workload) {
      case "random-forest", "softmax", "logistic", "als" -> workload;
      default -> throw new IllegalArgumentException("unknown workload '" + workload
          + "'; known: random-forest, softmax, logistic, als");
    };
  }

  /** Contract parameter names (bench/README.md) → Trainyard's. */
  static Map<String, String> trainyardParams(String workload, Map<String, String> given) {
    Map<String, String> p = new LinkedHashMap<>();
    given.forEach((k, v) -> {
      switch (workload + "/" + k) {
        case "random-forest/trees", "random-forest/max_depth" -> p.put(k, v);
        case "random-forest/min_leaf" -> p.put("min_samples_leaf", v);
        case "random-forest/features" -> {
          if (v.equals("sqrt") || v.equals("all")) {
            p.put("max_features", v);
          } else {
            p.put("feature_fraction", v);
          }
        }
        case "softmax/epochs", "logistic/epochs", "softmax/learning_rate", "logistic/learning_rate", "softmax/l2",
            "logistic/l2" -> p.put(k, v);
        case "als/rank", "als/lambda", "als/iterations" -> p.put(k, v);
        default -> {
          if (k.startsWith("ty.")) {
            p.put(k.substring(3), v);
          }
        }
      }
    });
    if (workload.equals("als")) {
      // the contract's ALS has no bias terms (as Spark's); Trainyard's default adds them
      p.putIfAbsent("biases", "false");
    }
    return p;
  }

  /** Peak resident set of this process ({@code VmHWM}), -1 where /proc is missing. */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
