package dev.trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./trainyard bench}: runs each workload on Trainyard and on each peer in alternation
 * (A B A B ...), on the same files and split, and writes {@code results.json} and {@code results.md}.
 */
@Command(name = "trainyard bench", mixinStandardHelpOptions = true,
    description = "Benchmark Trainyard against peers on the same data, side by side.")
public final class BenchMain implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--suite", defaultValue = "fashion-mnist",
      description = "Suite: fashion-mnist (RF and softmax vs scikit-learn), ps (PS throughput vs raw TCP) or jobs"
          + " (job system: no-op tasks through Redis, RF on 1 vs 2 worker processes); default ${DEFAULT-VALUE}.")
  String suite;

  @Option(names = "--parts", split = ",", defaultValue = "noop,forest",
      description = "jobs suite: parts to run, noop and/or forest (default: ${DEFAULT-VALUE}).")
  List<String> parts;

  @Option(names = "--slots", split = ",", defaultValue = "1,2,4",
      description = "jobs suite: slots per worker to try for the no-op tasks (default: ${DEFAULT-VALUE}).")
  List<Integer> slots;

  @Option(names = "--noop-heartbeats", split = ",", defaultValue = "2,60", paramLabel = "SECONDS",
      description = "jobs suite: coordinator --heartbeat values (seconds; lease timeout 5x) for the no-op runs;"
          + " 2 is the platform's default (default: ${DEFAULT-VALUE}).")
  List<Integer> noopHeartbeats;

  @Option(names = "--noop-tasks", defaultValue = "20000",
      description = "jobs suite: no-op tasks per configuration (default: ${DEFAULT-VALUE}).")
  int noopTasks;

  @Option(names = "--noop-warmup", defaultValue = "20000",
      description = "jobs suite: no-op tasks run (untimed) before each measured batch (default: ${DEFAULT-VALUE}).")
  int noopWarmup;

  @Option(names = "--enqueue-threads", defaultValue = "4",
      description = "jobs suite: benchmark threads enqueueing the no-op tasks (default: ${DEFAULT-VALUE}).")
  int enqueueThreads;

  @Option(names = "--platform-jar",
      description = "jobs suite: the runnable jar, lib/ beside it (default: app/target/trainyard.jar).")
  Path platformJar;

  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379",
      description = "jobs suite: the Redis server of the task queue (default: ${DEFAULT-VALUE}).")
  String redis;

  @Option(names = "--role-heap", defaultValue = "3g",
      description = "jobs suite: -Xmx of each coordinator and worker JVM (default: ${DEFAULT-VALUE}).")
  String roleHeap;

  @Option(names = "--jfr-dir",
      description = "jobs suite: record a JFR profile of every coordinator and worker JVM into this directory.")
  Path jfrDir;

  @Option(names = "--workloads", split = ",", defaultValue = "random-forest,softmax",
      description = "Workloads of the suite (default: ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(names = "--repeat", defaultValue = "1",
      description = "Runs per system and workload; jobs suite: 1-worker/2-worker forest job pairs"
          + " (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--threads", defaultValue = "2", description = "Threads for every system (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--peers", split = ",", defaultValue = "scikit-learn",
      description = "Peers to run next to Trainyard: scikit-learn or none (default: ${DEFAULT-VALUE}).")
  List<String> peers;

  @Option(names = "--datasets", description = "Directory of the shared datasets (default: ../shared/datasets).")
  Path datasets;

  @Option(names = "--out", defaultValue = "bench-results", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Seed for every system (default: ${DEFAULT-VALUE}).")
  long seed;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (suite.equals("ps")) {
      PsThroughput.main(new String[] {"2", "30"});
      return 0;
    }
    Path dir = datasets != null ? datasets : Path.of("..", "shared", "datasets");
    if (suite.equals("jobs")) {
      List<java.time.Duration> heartbeats = noopHeartbeats.stream().map(java.time.Duration::ofSeconds).toList();
      return JobsSuite.run(new JobsSuite.Options(parts, slots, heartbeats, noopTasks, noopWarmup, enqueueThreads,
          repeat, 100, 8, seed, dir, out, platformJar != null ? platformJar : Platform.defaultJar(), redis, roleHeap,
          jfrDir));
    }
    if (suite.equals("api")) {
      List<ApiLoad.Result> runs = new ArrayList<>();
      try (Platform p = new Platform(platformJar != null ? platformJar : Platform.defaultJar(), out.resolve("api-run"),
          roleHeap, jfrDir)) {
        for (int r = 0; r < repeat; r++) {
          runs.add(ApiLoad.run(p, redis, dir.resolve("digits.csv"), 20, 200, seed + r));
        }
      }
      ApiLoad.report(runs, out, Machine.describe());
      return 0;
    }
    if (!suite.equals("fashion-mnist")) {
      System.err.println("error: unknown suite '" + suite + "'; known suites: fashion-mnist, ps, jobs, api");
      return 2;
    }
    Path train = dir.resolve("fashion_mnist_train.csv.gz");
    Path test = dir.resolve("fashion_mnist_test.csv.gz");
    List<RunResult> results = new ArrayList<>();
    for (int r = 1; r <= repeat; r++) {
      for (String w : workloads) {
        results.add(print(trainyard(w, train, test, r)));
        if (peers.contains("scikit-learn")) {
          results.add(print(sklearn(w, train, test, r)));
        }
      }
    }
    Files.createDirectories(out);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("suite", suite);
    doc.put("threads", threads);
    doc.put("machine", Machine.describe());
    doc.put("runs", results);
    JSON.writeValue(out.resolve("results.json").toFile(), doc);
    String md = Report.markdown(suite, results, Machine.describe());
    Files.writeString(out.resolve("results.md"), md);
    System.out.println();
    System.out.println(md);
    return 0;
  }

  private RunResult trainyard(String workload, Path train, Path test, int r) {
    long t0 = Ticker.SYSTEM.nanos();
    Frame trainFrame = CsvReader.read(train, CsvOptions.defaults());
    Frame testFrame = CsvReader.read(test, CsvOptions.defaults());
    double load = (Ticker.SYSTEM.nanos() - t0) / 1e9;
    Map<String, String> params = workload.equals("random-forest") ? Map.of("trees", "100") : Map.of();
    ExperimentSpec spec = new ExperimentSpec(workload, "label", params,
        new ExperimentSpec.Validation.TestFrame(testFrame, test.getFileName().toString()), seed, null, null);
    ExecutorService pool = Executors2.fixed(threads, "bench");
    try {
      ExperimentResult res = new Experiment(pool, threads, stage -> ProgressListener.NONE, Ticker.SYSTEM)
          .run(trainFrame, spec, false);
      return new RunResult("trainyard", workload, r, load, res.trainSeconds(), res.metrics());
    } finally {
      pool.shutdownNow();
    }
  }

  private RunResult sklearn(String workload, Path train, Path test, int r) throws IOException, InterruptedException {
    Path script = Files.createTempFile("sklearn_peer", ".py");
    try (InputStream in = BenchMain.class.getResourceAsStream("/python/sklearn_peer.py")) {
      Files.write(script, in.readAllBytes());
    }
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), workload, train.toString(),
          test.toString(), Integer.toString(threads), Long.toString(seed))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
        throw new IllegalStateException("scikit-learn run failed (apt-get install python3-sklearn?): " + output);
      }
      JsonNode j = JSON.readTree(output);
      Map<String, Double> metrics = new LinkedHashMap<>();
      j.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
      return new RunResult("scikit-learn", workload, r, j.path("load_seconds").asDouble(),
          j.path("train_seconds").asDouble(), metrics);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static RunResult print(RunResult r) {
    System.out.printf(Locale.ROOT, "%-14s %-14s run %d: train %.2f s, load %.2f s, %s%n",
        r.system(), r.workload(), r.repeat(), r.trainSeconds(), r.loadSeconds(), r.metrics());
    return r;
  }
}
