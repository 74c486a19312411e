package dev.trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A random forest job through the job system with 1 worker process and with 2 (one slot and one
 * thread each), alternating: datasets uploaded once and one small warm-up job first (neither
 * timed), then fresh workers with empty caches per job so each
 * job pays its workers' dataset download and parse, as a real job does. Times come from the job
 * record (started_at → finished_at) and from this client (submit → final status seen, polled every
 * 250 ms); task wall times from the job's task records, task fit times from the stored task results.
 */
final class ForestScaling {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long JOB_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(10);
  private static final int WARMUP_TREES = 10;

  private final Platform platform;
  private final String redisUrl;
  private final Path train;
  private final Path test;
  private final int trees;
  private final int taskCount;
  private final long seed;

  /** One task: worker, wall seconds on the coordinator's clock (started → done seen), fit seconds on the worker. */
  record TaskTiming(String task, String worker, String startedAt, double wallSeconds, double fitSeconds) {}

  /**
   * One job. {@code loadSecondsByWorker}: a worker's first-task overhead beyond its later tasks'
   * (wall minus fit), i.e. its dataset download + parse.
   */
  record Run(int workers, int repeat, String job, double jobSeconds, double clientSeconds, double queuedSeconds,
      double finishSeconds, double sumFitSeconds, double accuracy, double logLoss, int resultCopies,
      Map<String, Double> loadSecondsByWorker, List<TaskTiming> tasks) {}

  ForestScaling(Platform platform, String redisUrl, Path train, Path test, int trees, int taskCount, long seed) {
    this.platform = platform;
    this.redisUrl = redisUrl;
    this.train = train;
    this.test = test;
    this.trees = trees;
    this.taskCount = taskCount;
    this.seed = seed;
  }

  /** Runs 1 worker then 2 workers, {@code repeat} times (A B A B); returns every job. */
  List<Run> run(int repeat) throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String name = "bench-rf-" + tag;
    List<Run> runs = new ArrayList<>();
    Platform.Coordinator c = platform.coordinator(redisUrl + "?queue=" + name, "coordinator-" + name, List.of());
    try (RedisTools redis = new RedisTools(redisUrl)) {
      try {
        HttpJson api = new HttpJson(c.httpUrl());
        long u0 = System.nanoTime();
        String trainId = api.upload(train);
        String testId = api.upload(test);
        System.out.printf(Locale.ROOT, "uploaded %s and %s in %.1f s (not timed)%n", train.getFileName(),
            test.getFileName(), (System.nanoTime() - u0) / 1e9);
        String prefix = "trainyard:" + name + ":";
        // warms the coordinator (JIT, and its frame cache if it has one) so that the first measured
        // job does not pay for what every later one gets for free
        Run warm = job(c, api, redis, prefix, trainId, testId, 1, 0, tag, WARMUP_TREES, 2);
        System.out.printf(Locale.ROOT, "warm-up job (%d trees, 1 worker): %.1f s (not counted)%n", WARMUP_TREES,
            warm.jobSeconds());
        for (int r = 1; r <= repeat; r++) {
          for (int w : new int[] {1, 2}) {
            runs.add(print(job(c, api, redis, prefix, trainId, testId, w, r, tag, trees, taskCount)));
          }
        }
      } finally {
        platform.stop(c.role());
        redis.deletePrefix("trainyard:" + name + ":");
      }
    }
    return runs;
  }

  private Run job(Platform.Coordinator c, HttpJson api, RedisTools redis, String prefix, String trainId,
      String testId, int workerCount, int repeat, String tag, int jobTrees, int jobTasks) throws Exception {
    List<Platform.Role> workers = new ArrayList<>();
    try {
      for (int w = 1; w <= workerCount; w++) {
        workers.add(platform.worker(c, "rf-w" + w + "-of" + workerCount + "-r" + repeat + "-" + tag, 1, 1));
      }
      ObjectNode spec = JSON.createObjectNode();
      spec.put("name", "bench rf " + workerCount + " workers");
      spec.put("dataset", trainId);
      spec.put("algorithm", "random-forest");
      spec.putObject("params").put("trees", jobTrees);
      spec.putObject("validation").put("test_dataset", testId);
      spec.putObject("resources").put("tasks", jobTasks);
      spec.put("seed", seed);
      long t0 = System.nanoTime();
      String id = api.submit(spec);
      JsonNode job = await(api, id);
      double client = (System.nanoTime() - t0) / 1e9;
      if (!job.path("status").asText().equals("succeeded")) {
        throw new IllegalStateException("job " + id + " ended " + job.path("status").asText() + ": "
            + job.path("error").asText());
      }
      JsonNode result = api.get("/api/v1/jobs/" + id + "/result").path("result");
      Map<String, String> stored = redis.sync().hgetall(prefix + "results:" + id);
      return summarize(workerCount, repeat, id, job, result, stored, client);
    } finally {
      for (Platform.Role w : workers) {
        platform.stop(w);
      }
    }
  }

  private static JsonNode await(HttpJson api, String id) throws Exception {
    long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      JsonNode j = api.get("/api/v1/jobs/" + id);
      String s = j.path("status").asText();
      if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) {
        return j;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException("job " + id + " did not finish within " + JOB_TIMEOUT_MILLIS / 60_000 + " min");
  }

  private static Run summarize(int workers, int repeat, String id, JsonNode job, JsonNode result,
      Map<String, String> stored, double client) throws Exception {
    Instant created = Instant.parse(job.path("created_at").asText());
    Instant started = Instant.parse(job.path("started_at").asText());
    Instant finished = Instant.parse(job.path("finished_at").asText());
    List<TaskTiming> tasks = new ArrayList<>();
    Instant lastTask = started;
    double fitSum = 0;
    for (JsonNode t : job.path("tasks")) {
      Instant s = Instant.parse(t.path("started_at").asText());
      Instant f = Instant.parse(t.path("finished_at").asText());
      lastTask = f.isAfter(lastTask) ? f : lastTask;
      String taskId = t.path("task").asText();
      JsonNode r = stored.containsKey(taskId) ? JSON.readTree(stored.get(taskId)) : JSON.createObjectNode();
      double fit = r.path("seconds").asDouble(Double.NaN);
      fitSum += fit;
      tasks.add(new TaskTiming(taskId, t.path("worker").asText(), s.toString(), seconds(s, f), fit));
    }
    tasks.sort(Comparator.comparing(t -> Instant.parse(t.startedAt())));
    return new Run(workers, repeat, id, seconds(started, finished), client, seconds(created, started),
        seconds(lastTask, finished), fitSum, result.path("metrics").path("accuracy").asDouble(Double.NaN),
        result.path("metrics").path("log_loss").asDouble(Double.NaN), stored.size(), loadByWorker(tasks), tasks);
  }

  /** Per worker: first task's (wall - fit) minus the median (wall - fit) of its later tasks. */
  static Map<String, Double> loadByWorker(List<TaskTiming> sortedByStart) {
    Map<String, List<Double>> overheads = new LinkedHashMap<>();
    for (TaskTiming t : sortedByStart) {
      overheads.computeIfAbsent(t.worker(), k -> new ArrayList<>()).add(t.wallSeconds() - t.fitSeconds());
    }
    Map<String, Double> out = new LinkedHashMap<>();
    overheads.forEach((w, o) -> {
      List<Double> later = new ArrayList<>(o.subList(1, o.size()));
      later.sort(null);
      double typical = later.isEmpty() ? 0 : later.get(later.size() / 2);
      out.put(w, o.get(0) - typical);
    });
    return out;
  }

  private static double seconds(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e9;
  }

  private static Run print(Run r) {
    System.out.printf(Locale.ROOT, "random forest, %d worker(s), run %d: job %.2f s (client %.2f s, queued %.2f s,"
            + " finish %.2f s), sum of task fits %.2f s, accuracy %.4f, load per worker %s%n", r.workers(), r.repeat(),
        r.jobSeconds(), r.clientSeconds(), r.queuedSeconds(), r.finishSeconds(), r.sumFitSeconds(), r.accuracy(),
        r.loadSecondsByWorker());
    for (TaskTiming t : r.tasks()) {
      System.out.printf(Locale.ROOT, "    %-40s %-28s wall %6.2f s fit %6.2f s%n", t.task(), t.worker(),
          t.wallSeconds(), t.fitSeconds());
    }
    return r;
  }
}
