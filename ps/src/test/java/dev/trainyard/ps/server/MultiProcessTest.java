package dev.trainyard.ps.server;

import dev.trainyard.ps.PsFixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.ps.ShardProcess;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.StatsReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shard JVMs ({@link PsMain}) on loopback: train through them, kill one with SIGKILL, restart it
 * on its checkpoint directory, and find its part of the table back at the last checkpoint.
 */
class MultiProcessTest {
  private static final String JOB = "job";
  private static final TableSpec TABLE = TableSpec.dense("w", JOB, 1000, 8)
      .withOptimizer("momentum", Map.of("learning_rate", 0.1));
  private final List<ShardProcess> processes = new ArrayList<>();

  @TempDir
  Path dir;

  private ShardProcess startShard(Path checkpoints) throws Exception {
    ShardProcess shard = ShardProcess.start(checkpoints, 0);
    processes.add(shard);
    return shard;
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    for (ShardProcess p : processes) {
      p.stop();
    }
  }

  private static void step(PsClient c, int t) {
    float[] g = new float[1000 * 8];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) Math.cos(t * 0.37 + i * 0.01);
    }
    c.push("w", 0, 0, 1000, g);
    c.clock(JOB, 0);
  }

  @Test
  void aKilledShardRestartsFromItsLastCheckpoint() throws Exception {
    Path dir0 = dir.resolve("shard0");
    Path dir1 = dir.resolve("shard1");
    ShardProcess s0 = startShard(dir0);
    ShardProcess s1 = startShard(dir1);
    float[] atCheckpoint = new float[8000];
    float[] later = new float[8000];
    try (PsClient c = PsClient.connect(List.of(s0.address(), s1.address()), PsFixture.options())) {
      c.createTable(TABLE);
      c.registerWorker(JOB, 0, 1, Consistency.BSP, 0);
      for (int t = 0; t < 5; t++) {
        step(c, t);
      }
      c.checkpoint();
      c.pull("w", 0, 1000, atCheckpoint);
      for (int t = 5; t < 8; t++) {
        step(c, t);
      }
      c.pull("w", 0, 1000, later);
    }
    s1.kill();
    ShardProcess s1b = startShard(dir1);
    try (PsClient c = PsClient.connect(List.of(s0.address(), s1b.address()), PsFixture.options())) {
      c.attach(TABLE);
      float[] now = new float[8000];
      c.pull("w", 0, 1000, now);
      assertThat(Arrays.copyOfRange(now, 0, 4000)).containsExactly(Arrays.copyOfRange(later, 0, 4000));
      assertThat(Arrays.copyOfRange(now, 4000, 8000)).containsExactly(Arrays.copyOfRange(atCheckpoint, 4000, 8000));
      List<StatsReply> stats = c.stats();
      assertThat(stats.get(0).getJobs(0).getMinClock()).isEqualTo(8);
      assertThat(stats.get(1).getRestored()).isTrue();
      assertThat(stats.get(1).getJobs(0).getMinClock()).isEqualTo(5);
      assertThat(c.registerWorker(JOB, 0, 1, Consistency.BSP, 0)).isEqualTo(8);
      step(c, 8);
      assertThat(c.stats()).extracting(s -> s.getJobs(0).getMinClock()).containsExactly(9L, 9L);
    }
  }
}
