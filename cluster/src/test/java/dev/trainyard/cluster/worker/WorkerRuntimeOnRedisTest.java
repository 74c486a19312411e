package dev.trainyard.cluster.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.job.JobSpecParser;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.RetryPolicy;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.cluster.queue.TaskSpec;
import dev.trainyard.cluster.queue.WorkerId;
import dev.trainyard.cluster.queue.redis.RedisTaskQueue;
import dev.trainyard.cluster.task.DataRef;
import dev.trainyard.cluster.task.TaskKind;
import dev.trainyard.cluster.task.TaskPayload;
import dev.trainyard.cluster.task.TaskResult;
import dev.trainyard.common.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The worker runtime on a real Redis with heartbeats far more frequent than tasks: a task that has
 * just completed heartbeats as LOST, and that must never interrupt the slot that moved on (which
 * once made Lettuce calls fail on every turn and stalled the slots).
 */
class WorkerRuntimeOnRedisTest {
  private static final String URL = System.getenv().getOrDefault("TRAINYARD_TEST_REDIS_URL", RedisTaskQueue.DEFAULT_URL);

  @Test
  void slotsKeepLeasingWhileHeartbeatsRaceCompletingTasks() throws Exception {
    RedisTaskQueue queue;
    try {
      queue = RedisTaskQueue.connect(URL, "wr-" + UUID.randomUUID().toString().substring(0, 8), Clock.systemUTC(),
          RetryPolicy.DEFAULT);
    } catch (RuntimeException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true requires Redis at " + URL, e);
      }
      Assumptions.abort("no Redis at " + URL + "; start one with `redis-server --daemonize yes --port 6379`");
      return;
    }
    JobId job = new JobId("race");
    String payload = new TaskPayload(TaskKind.NOOP, "race", JobSpecParser.parse(new ObjectMapper().readTree(
        "{\"dataset\":\"d\",\"algorithm\":\"random-forest\"}")), new DataRef("0".repeat(64), "csv", "x.csv"),
        Optional.empty(), 0, 0, 0, List.of()).toJson();
    int n = 1500;
    for (int i = 0; i < n; i++) {
      queue.enqueue(TaskSpec.of(job, new TaskId("t" + i), payload));
    }
    WorkerConfig config = new WorkerConfig(new WorkerId("w"), 3, 1, Duration.ofSeconds(5), Duration.ofMillis(1),
        Duration.ofMillis(5), Duration.ofSeconds(5));
    TaskRunner slow = (task, threads, progress, worker) -> {
      try {
        Thread.sleep(1); // long enough for heartbeats to land around completion
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return TaskResult.ok("", 0, 0, worker).toJson();
    };
    WorkerRuntime runtime = new WorkerRuntime(config, queue, slow, Ticker.SYSTEM, Clock.systemUTC()).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (runtime.tasksDone() < n && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(runtime.tasksDone()).isEqualTo(n);
      for (int i = 0; i < n; i += 97) {
        assertThat(queue.result(job, new TaskId("t" + i))).isPresent();
      }
    } finally {
      runtime.stop();
      queue.close();
    }
  }
}
