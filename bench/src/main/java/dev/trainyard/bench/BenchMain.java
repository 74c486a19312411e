package dev.trainyard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./trainyard bench}: runs each workload on Trainyard and on each peer in alternation
 * (A B A B ...), on the same files and split, and writes {@code results.json}, {@code results.md} and
 * charts (bench/README.md); also the distributed suites (jobs, ps) and the API load suite.
 */
@Command(name = "trainyard bench", mixinStandardHelpOptions = true,
    description = "Benchmark Trainyard against peers on the same data, side by side.")
public final class BenchMain implements Callable<Integer> {
  @Option(names = "--suite", split = ",", defaultValue = "fashion-mnist",
      description = "Suites, comma-separated: forest, linear, als, fashion-mnist (RF and softmax), all (forest, linear,"
          + " als, the forest part of jobs, ps), jobs (job system: no-op tasks through Redis, RF on 1 vs 2 worker"
          + " processes), ps (PS throughput vs raw TCP), api (API latency under load); default ${DEFAULT-VALUE}.")
  List<String> suites;

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

  @Option(names = "--workloads", split = ",",
      description = "Only these workload ids of the suites (e.g. fmnist-rf,synthetic-lr; default: all of them).")
  List<String> workloads;

  @Option(names = "--quick", description = "Smoke test: small samples, fewer trees, short ladders, 1 run each"
      + " (the numbers test the plumbing, not the systems).")
  boolean quick;

  @Option(names = "--cache", defaultValue = "bench-cache",
      description = "Directory of the prepared train/test files (default: ${DEFAULT-VALUE}).")
  Path cache;

  @Option(names = "--child-heap", defaultValue = "8g",
      description = "-Xmx of the Trainyard child JVM (and the JVM peers) (default: ${DEFAULT-VALUE}).")
  String childHeap;

  @Option(names = "--run-timeout", defaultValue = "1800", paramLabel = "SECONDS",
      description = "Longest one run may take before it is stopped and recorded as failed (default: ${DEFAULT-VALUE}).")
  long runTimeout;

  @Option(names = "--report-from", split = ",", paramLabel = "DIR",
      description = "Run nothing: write results.md and charts into --out from these directories' results.json"
          + " (merges suites or repeats run separately, or an interrupted run).")
  List<Path> reportFrom;

  @Option(names = "--prepare-only", description = "Prepare the suites' data in the cache, then stop.")
  boolean prepareOnly;

  @Option(names = "--no-profile", description = "Skip the extra JFR-profiled Trainyard run where Trainyard loses.")
  boolean noProfile;

  @Option(names = "--repeat", defaultValue = "1",
      description = "Runs per system and workload; jobs suite: 1-worker/2-worker forest job pairs"
          + " (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--threads", defaultValue = "2", description = "Threads for every system (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--peers", split = ",", defaultValue = "sklearn,spark,h2o,xgboost",
      description = "Peers to run next to Trainyard: sklearn (or scikit-learn), spark, h2o, xgboost, or none; a peer"
          + " that cannot run is reported as not run, with why (default: ${DEFAULT-VALUE}).")
  List<String> peers;

  @Option(names = "--datasets", description = "Directory of the shared datasets (default: ../shared/datasets).")
  Path datasets;

  @Option(names = "--out", defaultValue = "bench-results", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Seed for every system (default: ${DEFAULT-VALUE}).")
  long seed;

  public static void main(String[] args) throws Exception {
    int code = Snapshot.relaunch(args);
    System.exit(code >= 0 ? code : new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = datasets != null ? datasets : Path.of("..", "shared", "datasets");
    List<String> unknown = suites.stream().filter(s -> !Workloads.SUITES.contains(s)
        && !List.of("all", "jobs", "ps", "api").contains(s)).toList();
    if (!unknown.isEmpty()) {
      System.err.println("error: unknown suite " + unknown + "; known suites: " + String.join(", ", Workloads.SUITES)
          + ", all, jobs, ps, api");
      return 2;
    }
    if (workloads != null) {
      List<String> bad = workloads.stream().filter(w -> !Workloads.known(w)).toList();
      if (!bad.isEmpty()) {
        System.err.println("error: unknown workload " + bad + "; known: " + Workloads.idsOf(Workloads.SUITES));
        return 2;
      }
    }
    if (reportFrom != null) {
      List<Path> files = reportFrom.stream().map(d -> d.resolve("results.json")).toList();
      System.out.println(ReportWriter.write(out, files));
      return 0;
    }
    if (suites.equals(List.of("jobs"))) {
      return jobs(dir, out, parts, trees(), repeat);
    }
    if (suites.equals(List.of("api"))) {
      return api(dir, out);
    }
    return new ComparisonSuite(this, dir).run();
  }

  /** Trees of the jobs suite's forest job: 100, or 20 with --quick. */
  int trees() {
    return quick ? 20 : 100;
  }

  /** The jobs suite (or some of its parts) into {@code outDir}; the Fashion-MNIST files, or small ones with --quick. */
  int jobs(Path dir, Path outDir, List<String> jobParts, int jobTrees, int jobRepeat) throws Exception {
    Path train = dir.resolve("fashion_mnist_train.csv.gz");
    Path test = dir.resolve("fashion_mnist_test.csv.gz");
    if (quick) {
      DataCache.Split s = new DataCache(dir, cache, seed).fashion(3_000, 1_000);
      train = s.train();
      test = s.test();
    }
    List<java.time.Duration> heartbeats = noopHeartbeats.stream().map(java.time.Duration::ofSeconds).toList();
    return JobsSuite.run(new JobsSuite.Options(jobParts, slots, heartbeats, quick ? 2_000 : noopTasks,
        quick ? 1_000 : noopWarmup, enqueueThreads, jobRepeat, jobTrees, quick ? 4 : 8, seed, train, test, outDir,
        platformJar(), redis, roleHeap, jfrDir));
  }

  Path platformJar() {
    return platformJar != null ? platformJar : Platform.defaultJar();
  }

  private int api(Path dir, Path outDir) throws Exception {
    List<ApiLoad.Result> runs = new ArrayList<>();
    try (Platform p = new Platform(platformJar(), outDir.resolve("api-run"), roleHeap, jfrDir)) {
      for (int r = 0; r < repeat; r++) {
        runs.add(ApiLoad.run(p, redis, dir.resolve("digits.csv"), 20, 200, seed + r));
      }
    }
    ApiLoad.report(runs, outDir, Machine.describe());
    return 0;
  }
}
