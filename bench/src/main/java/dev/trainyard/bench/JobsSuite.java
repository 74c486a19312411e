package dev.trainyard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./trainyard bench --suite jobs}: the job system's speed goals (issue 4) on real processes —
 * no-op task throughput through Redis with 2 workers next to the raw XADD rate, and the parallel
 * efficiency of a random forest job on 1 vs 2 worker processes. Writes {@code results.json} and
 * {@code results.md} to the output directory.
 */
final class JobsSuite {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What to run; see {@link BenchMain}'s options of the same names. */
  record Options(List<String> parts, List<Integer> slots, List<Duration> heartbeats, int noopTasks, int noopWarmup,
      int enqueueThreads, int repeat, int trees, int treeTasks, long seed, Path train, Path test, Path out, Path platformJar,
      String redisUrl, String heap, Path jfrDir) {}

  private JobsSuite() {}

  static int run(Options o) throws Exception {
    Path train = o.train();
    Path test = o.test();
    Files.createDirectories(o.out());
    List<NoopThroughput.Result> noop = new ArrayList<>();
    List<ForestScaling.Run> forest = new ArrayList<>();
    try (Platform platform = new Platform(o.platformJar(), o.out().resolve("jobs-run"), o.heap(), o.jfrDir())) {
      if (o.parts().contains("noop")) {
        NoopThroughput n = new NoopThroughput(platform, o.redisUrl(), o.noopTasks(), o.noopWarmup(), o.enqueueThreads());
        for (Duration hb : o.heartbeats()) {
          for (int s : o.slots()) {
            noop.add(n.run(s, hb));
          }
        }
      }
      if (o.parts().contains("forest")) {
        forest.addAll(new ForestScaling(platform, o.redisUrl(), train, test, o.trees(), o.treeTasks(), o.seed())
            .run(o.repeat()));
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("suite", "jobs");
    doc.put("machine", Machine.describe());
    doc.put("noop", noop);
    if (!forest.isEmpty()) {
      doc.put("forest_summary", forestSummary(forest));
    }
    doc.put("forest", forest);
    JSON.writeValue(o.out().resolve("results.json").toFile(), doc);
    String md = markdown(noop, forest, Machine.describe(), o);
    Files.writeString(o.out().resolve("results.md"), md);
    System.out.println();
    System.out.println(md);
    return 0;
  }

  static Map<String, Object> forestSummary(List<ForestScaling.Run> runs) {
    double t1 = median(runs, 1, ForestScaling.Run::jobSeconds);
    double t2 = median(runs, 2, ForestScaling.Run::jobSeconds);
    double c1 = median(runs, 1, ForestScaling.Run::clientSeconds);
    double c2 = median(runs, 2, ForestScaling.Run::clientSeconds);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_seconds_1_worker", t1);
    m.put("job_seconds_2_workers", t2);
    m.put("parallel_efficiency", t1 / (2 * t2));
    m.put("client_seconds_1_worker", c1);
    m.put("client_seconds_2_workers", c2);
    m.put("parallel_efficiency_client", c1 / (2 * c2));
    m.put("same_accuracy", runs.stream().mapToDouble(ForestScaling.Run::accuracy).distinct().count() == 1);
    return m;
  }

  private static String markdown(List<NoopThroughput.Result> noop, List<ForestScaling.Run> forest, String machine,
      Options o) {
    StringBuilder sb = new StringBuilder("## jobs\n\nMachine: ").append(machine).append("\n\n");
    if (!noop.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "No-op tasks, %,d per run after %,d warm-up tasks, enqueued by %d threads"
          + " of the benchmark JVM, 2 worker processes (1 thread per slot); CPU in microseconds per task:%n%n",
          o.noopTasks(), o.noopWarmup(), o.enqueueThreads()));
      sb.append("| slots per worker | lease heartbeat | end to end tasks/s | raw XADD/s (redis-benchmark, 50 clients)"
          + " | ratio to raw (goal >= 30%) | goal >= 5,000/s | enqueue only /s | Lettuce sync XADD/s (same concurrency)"
          + " | machine busy cores | CPU workers / Redis / coordinator / bench | 'cannot lease' log lines |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (NoopThroughput.Result r : noop) {
        Map<String, Double> c = r.cpuMicrosPerTask();
        long cannot = r.workerLogs().values().stream().mapToLong(m -> m.getOrDefault(NoopThroughput.LOG_MARKERS.get(0),
            0L)).sum();
        String rate = r.stalled() ? "none: " + r.stall()
            : String.format(Locale.ROOT, "%,.0f", r.tasksPerSecond());
        String ratio = r.stalled() ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * r.ratioToRaw());
        String cpu = r.stalled() ? "–" : String.format(Locale.ROOT, "%,.0f + %,.0f / %,.0f / %,.0f / %,.0f",
            c.get("worker1"), c.get("worker2"), c.get("redis"), c.get("coordinator"), c.get("bench"));
        sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %,.0f | %s | %s | %,.0f | %,.0f (x%d) | %s | %s | %,d |%n",
            r.slotsPerWorker(), r.heartbeat(), rate, r.rawXaddPerSecond(), ratio,
            r.tasksPerSecond() >= 5000 && !r.stalled() ? "met" : "not met", r.enqueueOnlyPerSecond(),
            r.lettuceXaddPerSecond(), r.lettuceXaddThreads(),
            r.stalled() ? "–" : String.format(Locale.ROOT, "%.2f", r.machineBusyCores()), cpu, cannot));
      }
      sb.append('\n');
    }
    if (!forest.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "Random forest, %d trees in %d tasks, %s → %s, workers"
          + " with 1 slot x 1 thread:%n%n", o.trees(), o.treeTasks(), o.train().getFileName(), o.test().getFileName()));
      sb.append("| workers | run | job s (started → finished) | client s (submit → final) | queued s | finish s"
          + " (last task → job done) | sum of task fits s | first-task download + parse s per worker | accuracy"
          + " | log loss |\n|---|---|---|---|---|---|---|---|---|---|\n");
      for (ForestScaling.Run r : forest) {
        sb.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %.4f | %.4f |%n",
            r.workers(), r.repeat(), r.jobSeconds(), r.clientSeconds(), r.queuedSeconds(), r.finishSeconds(),
            r.sumFitSeconds(), fmt(r.loadSecondsByWorker().values()), r.accuracy(), r.logLoss()));
      }
      Map<String, Object> s = forestSummary(forest);
      sb.append(String.format(Locale.ROOT, "%nParallel efficiency T1 / (2 T2) (medians): %.1f%% on job time, %.1f%% on"
              + " client time (goal >= 90%%); same accuracy in every run: %s%n",
          100 * (double) s.get("parallel_efficiency"), 100 * (double) s.get("parallel_efficiency_client"),
          s.get("same_accuracy")));
    }
    return sb.toString();
  }

  private static String fmt(java.util.Collection<Double> v) {
    return String.join(" / ", v.stream().map(d -> String.format(Locale.ROOT, "%.2f", d)).toList());
  }

  private static double median(List<ForestScaling.Run> runs, int workers,
      java.util.function.ToDoubleFunction<ForestScaling.Run> f) {
    double[] v = runs.stream().filter(r -> r.workers() == workers).mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
