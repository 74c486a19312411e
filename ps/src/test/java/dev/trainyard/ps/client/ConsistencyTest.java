package dev.trainyard.ps.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.ps.PsFixture;
import dev.trainyard.ps.server.PsServerConfig;
import dev.trainyard.rpc.v1.Consistency;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * BSP, SSP and ASP as seen by a fast worker 0 and a slow worker 1. Whether a pull is parked is read
 * from the shards' stats (waiting pulls), never inferred from elapsed time.
 */
class ConsistencyTest {
  private static final String JOB = "job";

  private static PsFixture twoWorkers(Consistency c, int staleness) {
    PsFixture ps = PsFixture.start(2);
    ps.client.createTable(TableSpec.dense("w", JOB, 4, 1));
    ps.client.registerWorker(JOB, 0, 2, c, staleness);
    ps.client.registerWorker(JOB, 1, 2, c, staleness);
    return ps;
  }

  private static CompletableFuture<float[]> pullAsync(PsFixture ps, int worker) {
    return CompletableFuture.supplyAsync(() -> {
      float[] out = new float[4];
      ps.client.pull("w", worker, 0, 4, out);
      return out;
    });
  }

  /** Blocks until every shard has {@code n} parked pulls (each fanned-out pull parks one per shard). */
  private static void awaitWaitingPulls(PsFixture ps, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ps.client.stats().stream().allMatch(s -> s.getJobs(0).getWaitingPulls() == n)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("pulls never parked: " + ps.client.stats());
      }
      Thread.onSpinWait();
    }
  }

  private static void clockTo(PsFixture ps, int worker, long clock) {
    while (ps.client.clock(JOB, worker) < clock) {
      // advance one clock per call
    }
  }

  @Test
  void bspHoldsAFastWorkersPullUntilTheSlowOneClocks() throws Exception {
    try (PsFixture ps = twoWorkers(Consistency.BSP, 0)) {
      assertThat(pullAsync(ps, 0).get(10, TimeUnit.SECONDS)).hasSize(4);
      ps.client.clock(JOB, 0);
      CompletableFuture<float[]> pull = pullAsync(ps, 0);
      awaitWaitingPulls(ps, 1);
      assertThat(pull).isNotDone();
      ps.client.clock(JOB, 1);
      assertThat(pull.get(10, TimeUnit.SECONDS)).hasSize(4);
      awaitWaitingPulls(ps, 0);
    }
  }

  @Test
  void sspWithStalenessTwoLetsAWorkerRunTwoClocksAheadButNotThree() throws Exception {
    try (PsFixture ps = twoWorkers(Consistency.SSP, 2)) {
      clockTo(ps, 0, 2);
      assertThat(pullAsync(ps, 0).get(10, TimeUnit.SECONDS)).hasSize(4);
      clockTo(ps, 0, 3);
      CompletableFuture<float[]> pull = pullAsync(ps, 0);
      awaitWaitingPulls(ps, 1);
      assertThat(pull).isNotDone();
      ps.client.clock(JOB, 1);
      assertThat(pull.get(10, TimeUnit.SECONDS)).hasSize(4);
    }
  }

  @Test
  void aspNeverWaits() throws Exception {
    try (PsFixture ps = twoWorkers(Consistency.ASP, 0)) {
      clockTo(ps, 0, 50);
      assertThat(pullAsync(ps, 0).get(10, TimeUnit.SECONDS)).hasSize(4);
      assertThat(ps.client.stats()).allMatch(s -> s.getJobs(0).getMinClock() == 0);
    }
  }

  @Test
  void removingTheSlowWorkerReleasesTheWaitingPull() throws Exception {
    try (PsFixture ps = twoWorkers(Consistency.BSP, 0)) {
      ps.client.clock(JOB, 0);
      CompletableFuture<float[]> pull = pullAsync(ps, 0);
      awaitWaitingPulls(ps, 1);
      ps.client.removeWorker(JOB, 1);
      assertThat(pull.get(10, TimeUnit.SECONDS)).hasSize(4);
      assertThatThrownBy(() -> ps.client.clock(JOB, 1)).isInstanceOfSatisfying(PsException.class,
          e -> assertThat(e.getMessage()).isEqualTo("worker 1 is not registered for job 'job'"));
    }
  }

  @Test
  void aPullWaitingLongerThanTheShardAllowsFailsWithDeadlineExceeded() throws Exception {
    PsServerConfig config = PsFixture.config().withMaxPullWait(Duration.ofMillis(200));
    try (PsFixture ps = PsFixture.start(List.of(config), PsFixture.options())) {
      ps.client.createTable(TableSpec.dense("w", JOB, 4, 1));
      ps.client.registerWorker(JOB, 0, 2, Consistency.BSP, 0);
      ps.client.clock(JOB, 0);
      assertThatThrownBy(() -> ps.client.pull("w", 0, 0, 4, new float[4]))
          .isInstanceOfSatisfying(PsException.class, e -> {
            assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(e.getMessage()).isEqualTo("pull of rows [0, 4) of table 'w' by worker 0 waited PT0.2S for"
                + " the slowest worker to reach clock 1 (BSP, staleness 0); worker 1 is at clock 0");
          });
      assertThat(ps.client.stats().get(0).getJobs(0).getWaitingPulls()).isZero();
    }
  }

  @Test
  void theClientDeadlineBoundsAWaitingPull() throws Exception {
    try (PsFixture ps = PsFixture.start(1, PsFixture.options().withDeadline(Duration.ofMillis(300)))) {
      ps.client.createTable(TableSpec.dense("w", JOB, 4, 1));
      ps.client.registerWorker(JOB, 0, 2, Consistency.BSP, 0);
      ps.client.clock(JOB, 0);
      assertThatThrownBy(() -> ps.client.pull("w", 0, 0, 4, new float[4]))
          .isInstanceOfSatisfying(PsException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }
  }
}
