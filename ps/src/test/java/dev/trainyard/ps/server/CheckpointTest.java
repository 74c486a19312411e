package dev.trainyard.ps.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.ps.PsFixture;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.StatsReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints on request and on schedule; a new shard on the same directory continues where it left off. */
class CheckpointTest {
  private static final String JOB = "job";
  private static final TableSpec DENSE = TableSpec.dense("w", JOB, 6, 3).withOptimizer("adam", Map.of());
  private static final TableSpec SPARSE = TableSpec.sparse("s", JOB, 0, 1000, 2).withOptimizer("ftrl", Map.of());

  @TempDir
  Path dir;

  private static void train(PsClient c, int steps, int seed) {
    for (int t = 0; t < steps; t++) {
      float[] g = new float[18];
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) Math.sin(seed * 31 + t * 7 + i);
      }
      c.push("w", 0, 0, 6, g);
      c.pushSparse("s", 0, new long[] {1, 500 + t, 999}, new float[] {1, -1, 2, -2, g[0], g[1]});
      c.clock(JOB, 0);
    }
  }

  private static float[] read(PsClient c) {
    float[] dense = new float[18];
    c.pull("w", 0, 6, dense);
    float[] sparse = new float[8];
    c.pullSparse("s", new long[] {1, 500, 501, 999}, sparse);
    float[] all = new float[26];
    System.arraycopy(dense, 0, all, 0, 18);
    System.arraycopy(sparse, 0, all, 18, 8);
    return all;
  }

  @Test
  void aNewShardOnTheSameDirectoryRestoresValuesOptimizerStateAndClocks() throws Exception {
    PsServerConfig config = PsFixture.config().withCheckpoints(dir, Duration.ZERO);
    float[] saved;
    float[] continued;
    try (PsFixture ps = PsFixture.start(List.of(config), PsFixture.options())) {
      ps.client.createTable(DENSE);
      ps.client.createTable(SPARSE);
      ps.client.registerWorker(JOB, 0, 1, Consistency.BSP, 0);
      train(ps.client, 3, 1);
      assertThat(ps.client.checkpoint()).containsExactly(dir.resolve("shard.ckpt").toString());
      saved = read(ps.client);
      train(ps.client, 2, 2);
      continued = read(ps.client);
    }
    try (PsFixture ps = PsFixture.start(List.of(config), PsFixture.options())) {
      ps.client.attach(DENSE);
      ps.client.attach(SPARSE);
      assertThat(read(ps.client)).containsExactly(saved);
      StatsReply stats = ps.client.stats().get(0);
      assertThat(stats.getRestored()).isTrue();
      assertThat(stats.getJobs(0).getClocks(0)).isEqualTo(3);
      assertThat(stats.getTablesList()).extracting(t -> t.getStep()).containsExactly(3L, 3L);
      assertThat(ps.client.registerWorker(JOB, 0, 1, Consistency.BSP, 0)).isEqualTo(3);
      train(ps.client, 2, 2);
      assertThat(read(ps.client)).containsExactly(continued);
    }
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("shard.ckpt"));
    }
  }

  @Test
  void periodicCheckpointsRunOnTheInjectedSchedulerAtTheConfiguredInterval() throws Exception {
    List<Runnable> periodic = new ArrayList<>();
    List<Long> delays = new ArrayList<>();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1) {
      @Override
      public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initial, long delay, TimeUnit unit) {
        periodic.add(command);
        delays.add(unit.toSeconds(delay));
        return schedule(() -> { }, 1, TimeUnit.DAYS);
      }
    };
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    PsServerConfig config = PsFixture.config().withCheckpoints(dir, Duration.ofSeconds(30));
    PsServer server = PsServer.start(config, executor, clock);
    try (PsClient c = PsClient.connect(List.of(server.address()), PsFixture.options())) {
      c.createTable(DENSE);
      assertThat(delays).containsExactly(30L);
      assertThat(c.stats().get(0).getCheckpoints()).isZero();
      periodic.get(0).run();
      StatsReply stats = c.stats().get(0);
      assertThat(stats.getCheckpoints()).isEqualTo(1);
      assertThat(stats.getCheckpointTimeMillis()).isEqualTo(clock.millis());
      assertThat(Files.exists(dir.resolve("shard.ckpt"))).isTrue();
    } finally {
      server.shutdown().awaitTermination(Duration.ofSeconds(5));
      executor.shutdownNow();
    }
  }
}
