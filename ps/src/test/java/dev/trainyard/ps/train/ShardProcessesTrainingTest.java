package dev.trainyard.ps.train;

import dev.trainyard.ps.PsFixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.common.Executors2;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.TrainerSource;
import dev.trainyard.ps.ShardProcess;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.rpc.v1.Consistency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 3's multi-process cases: two PS shard JVMs on loopback and a trainer with two workers.
 * Softmax on digits reaches the single-process accuracy under BSP, SSP(2) and ASP; and training
 * survives a shard killed with SIGKILL and restarted on its checkpoint.
 */
class ShardProcessesTrainingTest {
  private static final ExecutorService POOL = Executors2.fixed(2, "test-train");
  private static Double localAccuracy;
  private final List<ShardProcess> shards = new ArrayList<>();
  private ExecutorService workers;
  private PsClient client;
  private Frame digits;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < 2; i++) {
      shards.add(ShardProcess.start(dir.resolve("shard" + i), 0));
    }
    client = PsClient.connect(shards.stream().map(ShardProcess::address).toList(),
        PsFixture.options().withDeadline(Duration.ofSeconds(30)));
    workers = Executors2.fixed(2, "test-ps-worker");
    digits = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    workers.shutdownNow();
    for (ShardProcess s : shards) {
      s.stop();
    }
  }

  private ExperimentResult run(TrainerSource trainers, Map<String, String> params, ExperimentSpec.Validation v) {
    ExperimentSpec spec = new ExperimentSpec("softmax", "label", params, v, 42, "digits.csv", "");
    return new Experiment(POOL, 2, s -> ProgressListener.NONE, Ticker.SYSTEM, trainers).run(digits, spec, false);
  }

  @ParameterizedTest
  @CsvSource({"BSP,0", "SSP,2", "ASP,0"})
  void softmaxThroughTwoShardProcessesMatchesTheSingleProcessTrainer(Consistency consistency, int staleness) {
    ExperimentSpec.Validation cv = new ExperimentSpec.Validation.CrossValidation(5);
    if (localAccuracy == null) {
      localAccuracy = run(TrainerSource.LOCAL, Map.of(), cv).metrics().get("accuracy");
    }
    double local = localAccuracy;
    PsSettings settings = new PsSettings(2, new PsVectors(client, consistency, staleness), workers, "2 shard JVMs");
    double ps = run(new PsTrainerSource(settings), Map.of(), cv).metrics().get("accuracy");
    System.out.printf("digits softmax 5-fold: local %.4f, 2 shard processes %s %.4f%n", local, consistency, ps);
    assertThat(ps).isCloseTo(local, Offset.offset(0.005));
  }

  @Test
  void trainingSurvivesAShardKilledAndRestartedOnItsCheckpoint() {
    AtomicLong pushes = new AtomicLong();
    long[] clocks = new long[2];
    VectorFactory real = new PsVectors(client, Consistency.ASP, 0, RetryPolicy.of(Duration.ofSeconds(60),
        Duration.ofMillis(100)));
    VectorFactory chaos = (name, segments, rule, n) -> {
      SharedVector v = real.create(name, segments, rule, n);
      return new ForwardingVector(v) {
        @Override
        public void push(int worker, float[] gradient) {
          long count = pushes.incrementAndGet();
          if (count == 300) {
            client.checkpoint();
            clocks[0] = client.stats().get(1).getJobs(0).getMinClock();
          } else if (count == 600) {
            clocks[1] = client.stats().get(1).getJobs(0).getMinClock();
            restartShardOne();
          }
          super.push(worker, gradient);
        }
      };
    };
    PsSettings settings = new PsSettings(2, chaos, workers, "2 shard JVMs, one killed");
    ExperimentResult r = run(new PsTrainerSource(settings), Map.of("early_stopping", "false", "epochs", "40", "batch_size", "32"),
        new ExperimentSpec.Validation.Fraction(0.2));
    System.out.printf("shard 1 killed at clock %d, restored from the checkpoint at clock %d: %d clocks of updates"
        + " lost; test accuracy %.4f after %d pushes%n", clocks[1], clocks[0], clocks[1] - clocks[0],
        r.metrics().get("accuracy"), pushes.get());
    assertThat(pushes.get()).isGreaterThan(600);
    assertThat(clocks[1]).isGreaterThan(clocks[0]);
    assertThat(client.stats().get(1).getRestored()).as("shard 1 restored its checkpoint").isTrue();
    assertThat(r.metrics().get("accuracy")).isGreaterThan(0.93);
  }

  private void restartShardOne() {
    try {
      ShardProcess old = shards.get(1);
      old.kill();
      shards.set(1, ShardProcess.start(dir.resolve("shard1"), old.port()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Passes every call to another vector; subclasses intercept some. */
  private static class ForwardingVector implements SharedVector {
    private final SharedVector v;

    ForwardingVector(SharedVector v) {
      this.v = v;
    }

    @Override
    public int length() {
      return v.length();
    }

    @Override
    public void pull(int worker, float[] out) {
      v.pull(worker, out);
    }

    @Override
    public void push(int worker, float[] gradient) {
      v.push(worker, gradient);
    }

    @Override
    public void clock(int worker) {
      v.clock(worker);
    }

    @Override
    public void close() {
      v.close();
    }
  }
}
