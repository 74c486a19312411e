package dev.trainyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ps.ShardProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainyard ps} as separate processes, and {@code train --ps} using them. */
class PsCommandTest {
  private final List<Process> shards = new ArrayList<>();
  @TempDir Path dir;

  private String startShard(String name) throws Exception {
    ShardProcess shard = ShardProcess.start(List.of(Main.class.getName(), "ps", "--port", "0", "--checkpoint-dir",
        dir.resolve(name).toString()));
    shards.add(shard.process());
    return shard.address();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : shards) {
      p.destroy();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void trainUsesRunningShardsAndTheyCheckpointOnSigterm() throws Exception {
    String a = startShard("a");
    String b = startShard("b");
    CliRun r = CliRun.of("train", "--data", TestDatasets.file("digits.csv").toString(), "--algo", "softmax",
        "--workers", "2", "--ps", a + "," + b, "--consistency", "bsp", "--test-fraction", "0.2", "--json",
        "--cluster-secret", dev.trainyard.ps.PsFixture.SECRET.value());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).path("metrics").path("accuracy").asDouble()).isGreaterThan(0.94);
    for (Process p : shards) {
      p.destroy();
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(dir.resolve("a").resolve("shard.ckpt")).exists();
    assertThat(Files.size(dir.resolve("b").resolve("shard.ckpt"))).isPositive();
  }
}
