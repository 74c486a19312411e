package dev.trainyard.ps.train;

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
import dev.trainyard.ps.PsFixture;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.rpc.v1.Consistency;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Softmax on digits trained through two real PS shards on loopback reaches the single-process accuracy. */
class PsTrainingTest {
  private static final ExecutorService POOL = Executors2.fixed(2, "test-train");
  private static final ExecutorService WORKERS = Executors2.fixed(2, "test-ps-worker");
  private static PsFixture ps;
  private static Frame digits;
  private static double localAccuracy;
  private static double localLogLoss;

  @BeforeAll
  static void start() throws Exception {
    ps = PsFixture.start(2, PsFixture.options().withDeadline(Duration.ofSeconds(30)));
    digits = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
    ExperimentResult local = run(TrainerSource.LOCAL);
    localAccuracy = local.metrics().get("accuracy");
    localLogLoss = local.metrics().get("log_loss");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    ps.close();
    POOL.shutdownNow();
    WORKERS.shutdownNow();
  }

  /** Counts the pushes that go through the real vectors, to prove training ran on the shards. */
  private static VectorFactory counting(VectorFactory real, AtomicLong pushes) {
    return (name, segments, rule, workers) -> {
      SharedVector v = real.create(name, segments, rule, workers);
      return new SharedVector() {
        @Override public int length() { return v.length(); }
        @Override public void pull(int worker, float[] out) { v.pull(worker, out); }
        @Override public void push(int worker, float[] gradient) { pushes.incrementAndGet(); v.push(worker, gradient); }
        @Override public void clock(int worker) { v.clock(worker); }
        @Override public void close() { v.close(); }
      };
    };
  }

  static ExperimentResult run(TrainerSource trainers) {
    ExperimentSpec spec = new ExperimentSpec("softmax", "label", Map.of(),
        new ExperimentSpec.Validation.CrossValidation(5), 42, "digits.csv", "");
    return new Experiment(POOL, 2, s -> ProgressListener.NONE, Ticker.SYSTEM, trainers).run(digits, spec, false);
  }

  @ParameterizedTest
  @CsvSource({"BSP,0", "SSP,2", "ASP,0"})
  void softmaxOnDigitsThroughTwoShardsMatchesTheSingleProcessTrainer(Consistency consistency, int staleness) {
    AtomicLong pushes = new AtomicLong();
    PsSettings settings = new PsSettings(2, counting(new PsVectors(ps.client, consistency, staleness), pushes), WORKERS,
        consistency + " on 2 shards");
    ExperimentResult ps = run(new PsTrainerSource(settings));
    double accuracy = ps.metrics().get("accuracy");
    System.out.printf("digits softmax 5-fold: local accuracy %.4f log loss %.4f; PS %s accuracy %.4f log loss %.4f%n",
        localAccuracy, localLogLoss, consistency, accuracy, ps.metrics().get("log_loss"));
    assertThat(pushes.get()).as("gradients pushed to the shards").isGreaterThan(1000);
    assertThat(accuracy).isCloseTo(localAccuracy, org.assertj.core.data.Offset.offset(0.005));
  }

  @Test
  void fashionMnistSoftmaxThroughTwoShardsReaches83Percent() {
    Frame train = CsvReader.read(TestDatasets.file("fashion_mnist_train.csv.gz"), CsvOptions.defaults());
    Frame test = CsvReader.read(TestDatasets.file("fashion_mnist_test.csv.gz"), CsvOptions.defaults());
    PsSettings settings = new PsSettings(2, new PsVectors(ps.client, Consistency.BSP, 0), WORKERS, "BSP on 2 shards");
    ExperimentSpec spec = new ExperimentSpec("softmax", "label", Map.of(),
        new ExperimentSpec.Validation.TestFrame(test, "fashion_mnist_test.csv.gz"), 42, "fashion_mnist_train.csv.gz", "");
    ExperimentResult r = new Experiment(POOL, 2, s -> ProgressListener.NONE, Ticker.SYSTEM,
        new PsTrainerSource(settings)).run(train, spec, false);
    System.out.printf("fashion-mnist softmax through 2 shards (BSP, 2 workers): test accuracy %.4f in %.1f s%n",
        r.metrics().get("accuracy"), r.trainSeconds());
    assertThat(r.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.83);
  }
}
