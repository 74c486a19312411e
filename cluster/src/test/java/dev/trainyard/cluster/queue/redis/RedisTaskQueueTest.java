package dev.trainyard.cluster.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.cluster.queue.CompleteOutcome;
import dev.trainyard.cluster.queue.JobEvent;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.Lease;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.TaskQueueContractTest;
import dev.trainyard.cluster.queue.TaskSpec;
import dev.trainyard.cluster.queue.WorkerId;
import dev.trainyard.common.InvalidInputException;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract suite on a real Redis ({@code TRAINYARD_TEST_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}). Each test gets its own queue name, so its own key prefix, and
 * deletes its keys afterwards. Leases run on Redis server time, so lease tests wait for real.
 * Without Redis the tests are skipped, except under {@code CI=true} where they fail.
 */
class RedisTaskQueueTest extends TaskQueueContractTest {
  private static final String URL =
      System.getenv().getOrDefault("TRAINYARD_TEST_REDIS_URL", RedisTaskQueue.DEFAULT_URL);
  private static RedisClient admin;
  private static StatefulRedisConnection<String, String> adminConnection;

  private RedisTaskQueue redisQueue;

  @BeforeAll
  static void connectOrSkip() {
    RedisURI uri = RedisURI.create(URL);
    uri.setTimeout(Duration.ofSeconds(2));
    admin = RedisClient.create(uri);
    try {
      adminConnection = admin.connect();
    } catch (RuntimeException e) {
      admin.shutdown();
      admin = null;
      String why = "no Redis at " + URL + " (" + e.getMessage() + "); start one with "
          + "`redis-server --daemonize yes --port 6379` or set TRAINYARD_TEST_REDIS_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true requires Redis: " + why, e);
      }
      Assumptions.abort(why);
    }
  }

  @AfterAll
  static void disconnect() {
    if (admin != null) {
      adminConnection.close();
      admin.shutdown();
    }
  }

  @Override
  protected TaskQueue newQueue() {
    redisQueue = RedisTaskQueue.connect(URL, "test-" + UUID.randomUUID(), clock, RETRY);
    return redisQueue;
  }

  @Override
  protected void elapseLeaseTime(Duration d) {
    // Stream idle time is measured by the Redis server's clock; the fake clock cannot move it.
    clock.advance(d);
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while letting lease time pass", e);
    }
  }

  @Test
  void twoConnectionsToTheSameQueueNameShareItsTasksResultsAndEvents() {
    String name = redisQueue.keyPrefix().substring("trainyard:".length(), redisQueue.keyPrefix().length() - 1);
    try (RedisTaskQueue other = RedisTaskQueue.connect(URL, name, clock, RETRY)) {
      queue.enqueue(TaskSpec.of(new JobId("j"), new TaskId("shared"), "{}"));
      Lease l = other.lease(new WorkerId("remote"), Duration.ofMinutes(1)).orElseThrow();
      assertThat(other.complete(l, "r")).isEqualTo(CompleteOutcome.STORED);
      other.appendEvent(new JobId("j"), "from the other process");
      assertThat(queue.result(new JobId("j"), new TaskId("shared"))).contains("r");
      assertThat(queue.eventsAfter(new JobId("j"), 0, 10))
          .containsExactly(new JobEvent(1, "from the other process"));
    }
  }

  @Test
  void aQueueNameThatCannotBeAKeyPrefixIsRejectedNamingTheRule() {
    assertThatThrownBy(() -> RedisTaskQueue.connect(URL, "a b", clock, RETRY))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("queue name must be 1 to 100 characters of letters, digits, '.', '_' or '-', was \"a b\"");
  }

  @AfterEach
  void deleteTheQueuesKeys() {
    RedisCommands<String, String> r = adminConnection.sync();
    ScanArgs match = ScanArgs.Builder.matches(redisQueue.keyPrefix() + "*").limit(500);
    KeyScanCursor<String> cursor = r.scan(match);
    while (true) {
      if (!cursor.getKeys().isEmpty()) {
        r.del(cursor.getKeys().toArray(String[]::new));
      }
      if (cursor.isFinished()) {
        break;
      }
      cursor = r.scan(ScanCursor.of(cursor.getCursor()), match);
    }
    assertThat(r.keys(redisQueue.keyPrefix() + "*")).isEmpty();
  }
}
