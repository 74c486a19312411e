package dev.trainyard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.job.JobSpecParser;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.RetryPolicy;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.cluster.queue.TaskSpec;
import dev.trainyard.cluster.queue.redis.RedisTaskQueue;
import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.cluster.task.TaskKind;
import dev.trainyard.cluster.task.TaskPayload;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * No-op tasks end to end through Redis: a coordinator and two worker processes on a fresh queue,
 * N {@link TaskKind#NOOP} tasks enqueued from this JVM with {@link RedisTaskQueue#enqueue}, timed
 * from the first enqueue until the N-th result is stored. Completion is counted with HLEN of the
 * job's result hash (one O(1) command every 10 ms, so counting does not compete with the workers).
 * In the same run: the raw XADD rate (redis-benchmark), a raw XADD loop from Java at the workers'
 * concurrency, enqueue alone into a queue no one reads, and the CPU each process used per task.
 * A run in which no result arrives for {@link #STALL} is recorded as stalled, not retried.
 */
final class NoopThroughput {
  static final List<String> LOG_MARKERS = List.of("cannot lease from the queue", "lease lost to another worker",
      "timed out");
  private static final int WORKERS = 2;
  private static final Duration STALL = Duration.ofSeconds(20);
  private static final long KEEP_LOG_BYTES = 1 << 20;

  private final Platform platform;
  private final String redisUrl;
  private final int tasks;
  private final int enqueueThreads;
  private final int warmupTasks;

  /**
   * One configuration's measurements; rates are per second, CPU in microseconds per task. With
   * {@code stalled}, {@code completed} of {@code tasks} had results when progress stopped and the
   * rates cover only those.
   */
  record Result(int workers, int slotsPerWorker, String heartbeat, int tasks, int enqueueThreads, boolean stalled,
      String stall, long completed, double seconds, double tasksPerSecond, double enqueueWhileConsumingPerSecond,
      double enqueueOnlyPerSecond, double rawXaddPerSecond, int rawXaddClients, double lettuceXaddPerSecond,
      int lettuceXaddThreads, double ratioToRaw, Map<String, Integer> tasksPerWorker, long deadLetters,
      double machineBusyCores, Map<String, Double> cpuMicrosPerTask, Map<String, Map<String, Long>> workerLogs) {}

  /** Enqueue and completion times of one batch, seconds from the first enqueue. */
  private record Batch(double enqueueSeconds, double seconds, long completed, boolean stalled) {}

  NoopThroughput(Platform platform, String redisUrl, int tasks, int warmupTasks, int enqueueThreads) {
    this.platform = platform;
    this.redisUrl = redisUrl;
    this.tasks = tasks;
    this.warmupTasks = warmupTasks;
    this.enqueueThreads = enqueueThreads;
  }

  /**
   * @param heartbeat the coordinator's {@code --heartbeat} (workers heartbeat their leases that
   *     often; the lease timeout is 5 times it, as by default 2 s / 10 s)
   */
  Result run(int slots, Duration heartbeat) throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String name = "bench-noop-s" + slots + "-" + tag;
    String payload = payload();
    String hb = heartbeat.toSeconds() + "s";
    try (RedisTools redis = new RedisTools(redisUrl)) {
      double enqueueOnly = enqueueOnly(redis, name + "-enq", payload);
      Platform.Coordinator c = platform.coordinator(redisUrl + "?queue=" + name, "coordinator-" + name,
          List.of("--heartbeat", hb, "--heartbeat-timeout", heartbeat.multipliedBy(5).toSeconds() + "s"));
      List<Platform.Role> workers = new ArrayList<>();
      Map<String, Map<String, Long>> logs = new LinkedHashMap<>();
      try (RedisTaskQueue q = RedisTaskQueue.connect(redisUrl, name, Clock.systemUTC(), RetryPolicy.DEFAULT)) {
        for (int w = 1; w <= WORKERS; w++) {
          workers.add(platform.worker(c, "noop-w" + w + "-s" + slots + "-" + tag, slots, 1));
        }
        Batch warm = batch(q, redis, new JobId("warmup-" + tag), warmupTasks, payload);
        double raw = redis.redisBenchmarkXadd(q.keyPrefix() + "raw-xadd", 100_000, 50);
        int lettuceThreads = WORKERS * slots;
        double lettuce = redis.lettuceXadd(q.keyPrefix() + "raw-xadd-lettuce", lettuceThreads, 50_000);
        JobId job = new JobId("noop-" + tag);
        Map<String, Long> pids = pids(redis, c, workers);
        CpuTimes cpu0 = CpuTimes.of(pids);
        double busy0 = CpuTimes.machineBusySeconds();
        Batch b = warm.stalled() ? new Batch(Double.NaN, Double.NaN, 0, true) : batch(q, redis, job, tasks, payload);
        Map<String, Double> cpu = new LinkedHashMap<>();
        CpuTimes.of(pids).since(cpu0).forEach((k, v) -> cpu.put(k, v * 1e6 / Math.max(1, b.completed())));
        double busyCores = (CpuTimes.machineBusySeconds() - busy0) / b.seconds();
        Map<String, Integer> perWorker = perWorker(redis, q.keyPrefix() + "results:" + job.value());
        long dead = redis.sync().llen(q.keyPrefix() + "dead");
        for (Platform.Role w : workers) {
          platform.stop(w);
          logs.put(w.name(), Platform.scanAndTrim(w.log(), LOG_MARKERS, KEEP_LOG_BYTES));
        }
        double rate = b.completed() / b.seconds();
        String stall = warm.stalled()
            ? String.format(Locale.ROOT, "warm-up stalled at %,d of %,d", warm.completed(), warmupTasks)
            : b.stalled() ? String.format(Locale.ROOT, "stalled at %,d of %,d", b.completed(), tasks) : "";
        Result r = new Result(WORKERS, slots, hb, tasks, enqueueThreads, b.stalled(), stall, b.completed(), b.seconds(),
            rate,
            tasks / b.enqueueSeconds(), enqueueOnly, raw, 50, lettuce, lettuceThreads, rate / raw, perWorker, dead,
            busyCores, cpu, logs);
        print(r);
        return r;
      } finally {
        for (Platform.Role w : workers) {
          platform.stop(w);
        }
        platform.stop(c.role());
        redis.deletePrefix("trainyard:" + name + ":");
      }
    }
  }

  private static void print(Result r) {
    Map<String, Long> cpu = new LinkedHashMap<>();
    r.cpuMicrosPerTask().forEach((k, v) -> cpu.put(k, Math.round(v)));
    System.out.printf(Locale.ROOT, "noop %d workers x %d slots, heartbeat %s: %,d of %,d tasks in %.2f s = %,.0f tasks/s%s"
            + " (enqueue while consuming %,.0f/s; enqueue only %,.0f/s; raw XADD %,.0f/s -> %.1f%%; Lettuce XADD x%d"
            + " %,.0f/s); per worker %s; dead %d; machine busy %.2f cores; CPU us per task %s; worker logs %s%n",
        r.workers(), r.slotsPerWorker(), r.heartbeat(), r.completed(), r.tasks(), r.seconds(), r.tasksPerSecond(),
        r.stalled() ? " (" + r.stall() + ")" : "", r.enqueueWhileConsumingPerSecond(), r.enqueueOnlyPerSecond(),
        r.rawXaddPerSecond(), 100 * r.ratioToRaw(), r.lettuceXaddThreads(), r.lettuceXaddPerSecond(),
        r.tasksPerWorker(), r.deadLetters(), r.machineBusyCores(), cpu, r.workerLogs());
  }

  private static Map<String, Long> pids(RedisTools redis, Platform.Coordinator c, List<Platform.Role> workers) {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (int i = 0; i < workers.size(); i++) {
      pids.put("worker" + (i + 1), workers.get(i).process().pid());
    }
    pids.put("coordinator", c.role().process().pid());
    pids.put("redis", redis.serverPid());
    pids.put("bench", ProcessHandle.current().pid());
    return pids;
  }

  /** Enqueues into a queue nobody consumes; returns tasks/s and deletes the queue's keys. */
  private double enqueueOnly(RedisTools redis, String name, String payload) throws InterruptedException {
    try (RedisTaskQueue q = RedisTaskQueue.connect(redisUrl, name, Clock.systemUTC(), RetryPolicy.DEFAULT)) {
      enqueue(q, new JobId("warm"), Math.min(tasks, warmupTasks), payload);
      long t0 = System.nanoTime();
      enqueue(q, new JobId("enq"), tasks, payload);
      return tasks / ((System.nanoTime() - t0) / 1e9);
    } finally {
      redis.deletePrefix("trainyard:" + name + ":");
    }
  }

  /** Enqueues {@code n} tasks of {@code job} while counting stored results. */
  private Batch batch(RedisTaskQueue q, RedisTools redis, JobId job, int n, String payload)
      throws InterruptedException {
    String results = q.keyPrefix() + "results:" + job.value();
    long t0 = System.nanoTime();
    Thread producer = new Thread(() -> {
      try {
        enqueue(q, job, n, payload);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-enqueue");
    producer.start();
    double enqueued = Double.NaN;
    long last = -1;
    long lastChange = t0;
    while (true) {
      long done = redis.hlen(results);
      long now = System.nanoTime();
      if (Double.isNaN(enqueued) && !producer.isAlive()) {
        enqueued = (now - t0) / 1e9;
      }
      if (done >= n) {
        producer.join();
        return new Batch(Double.isNaN(enqueued) ? (now - t0) / 1e9 : enqueued, (now - t0) / 1e9, done, false);
      }
      if (done != last) {
        last = done;
        lastChange = now;
      } else if (now - lastChange > STALL.toNanos()) {
        producer.join();
        System.out.printf(Locale.ROOT, "  stalled: %,d of %,d results, none for %d s%n", done, n, STALL.toSeconds());
        return new Batch(enqueued, (lastChange - t0) / 1e9, done, true);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  private void enqueue(RedisTaskQueue q, JobId job, int n, String payload) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < enqueueThreads; t++) {
      Thread th = new Thread(() -> {
        // task ids are unique per queue (not per job), so they carry the job id
        for (int i; (i = next.getAndIncrement()) < n; ) {
          q.enqueue(TaskSpec.of(job, new TaskId(job.value() + "." + i), payload));
        }
      }, "enqueue-" + t);
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) {
      th.join();
    }
  }

  private static Map<String, Integer> perWorker(RedisTools redis, String resultsKey) {
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> counts = new TreeMap<>();
    for (String v : redis.sync().hvals(resultsKey)) {
      try {
        counts.merge(json.readTree(v).path("worker").asText(), 1, Integer::sum);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        counts.merge("(unreadable)", 1, Integer::sum);
      }
    }
    return counts;
  }

  /** A syntactically valid NOOP payload: a worker answers it without reading any data. */
  static String payload() throws com.fasterxml.jackson.core.JsonProcessingException {
    var spec = JobSpecParser.parse(new ObjectMapper().readTree(
        "{\"dataset\":\"d-noop\",\"algorithm\":\"random-forest\",\"params\":{\"trees\":10}}"));
    return new TaskPayload(TaskKind.NOOP, "noop", spec, new DataRef("0".repeat(64), "csv", "noop.csv"),
        Optional.empty(), 0, 0, 0, List.of()).toJson();
  }
}
