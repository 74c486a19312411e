package dev.trainyard.ps.train;

import dev.trainyard.ps.PsFixture;
import static dev.trainyard.ps.train.DistributedRuns.digits;
import static dev.trainyard.ps.train.DistributedRuns.digitsCv;
import static dev.trainyard.ps.train.DistributedRuns.ps;
import static dev.trainyard.ps.train.DistributedRuns.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.Executors2;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentPlan;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.PipelineModel;
import dev.trainyard.ml.pipeline.TrainerSource;
import dev.trainyard.ps.ShardProcess;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.TableStats;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Distributed PS training: two shard JVMs and W = 2 worker "processes" that share nothing but the
 * shards, each running {@code ExperimentPlan.fit} of the same units with its own client (on its own
 * test thread, or really in another JVM). Softmax on digits: 5-fold cross-validation for the
 * accuracy bars against in-process training (a single 360-row holdout would make a 0.5 point bar
 * about one row wide, and SSP/ASP runs are not reproducible), 20% held out for the other cases.
 */
class DistributedTrainingTest {
  private static final Duration LONG_WAIT = Duration.ofSeconds(120);
  private static final ExecutorService POOL = Executors2.fixed(2, "test-experiment");
  /** Room for two concurrent jobs: 2 x (the job's driver + its 2 workers). */
  private static final ExecutorService WORKERS = Executors2.fixed(6, "test-worker-process");
  private static final List<ShardProcess> SHARDS = new ArrayList<>();
  private static List<String> addresses;
  private static Frame data;
  private static double inProcessCv;
  private static double inProcessHoldout;

  @TempDir
  static Path dir;

  /** Each worker's models (one per unit) and progress reports. */
  private record Run(List<List<PipelineModel>> models, List<List<ProgressListener.Progress>> progress) {
    List<PipelineModel> of(int worker) {
      return models.get(worker);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    for (int i = 0; i < 2; i++) {
      SHARDS.add(ShardProcess.start(dir.resolve("shard" + i), 0));
    }
    addresses = SHARDS.stream().map(ShardProcess::address).toList();
    data = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
    inProcessCv = inProcess(digitsCv("softmax"));
    inProcessHoldout = inProcess(digits("softmax", Map.of()));
    System.out.printf("digits softmax: single-process 5-fold %.4f; in-process PS (2 worker threads, BSP) 5-fold %.4f,"
        + " 20%% held out %.4f%n", run(TrainerSource.LOCAL, digitsCv("softmax")), inProcessCv, inProcessHoldout);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ShardProcess s : SHARDS) {
      s.stop();
    }
    POOL.shutdownNow();
    WORKERS.shutdownNow();
  }

  private static double run(TrainerSource trainers, ExperimentSpec spec) {
    return new Experiment(POOL, 2, s -> ProgressListener.NONE, Ticker.SYSTEM, trainers).run(data, spec, false)
        .metrics().get("accuracy");
  }

  /** Today's in-process path: 2 worker threads of this JVM against the same shard JVMs, BSP. */
  private static double inProcess(ExperimentSpec spec) {
    ExecutorService threads = Executors2.fixed(2, "test-in-process");
    try (PsClient client = PsClient.connect(addresses, PsFixture.options())) {
      PsSettings settings = new PsSettings(2, new PsVectors(client, Consistency.BSP, 0), threads, "in-process");
      return run(new PsTrainerSource(settings), spec);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Both workers of a run, each on its own thread with its own client, fitting every unit at once. */
  private static Run fitAll(ExperimentSpec spec, String consistency, int staleness, String base) {
    List<CompletableFuture<List<PipelineModel>>> fits = new ArrayList<>();
    List<List<ProgressListener.Progress>> progress = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      DistributedPs d = ps(w, 2, addresses, consistency, staleness, DistributedRuns.prefix(base, 0), LONG_WAIT);
      List<ProgressListener.Progress> reports = new CopyOnWriteArrayList<>();
      progress.add(reports);
      fits.add(CompletableFuture.supplyAsync(() -> DistributedRuns.fitUnits(data, spec, d, base, reports::add),
          WORKERS));
    }
    return new Run(fits.stream().map(CompletableFuture::join).toList(), progress);
  }

  private static double accuracy(ExperimentSpec spec, List<PipelineModel> models) {
    return ExperimentPlan.of(data, spec, false).finish(models, 0).metrics().get("accuracy");
  }

  private static void assertSameModels(List<PipelineModel> a, List<PipelineModel> b) {
    assertThat(b).hasSameSizeAs(a);
    for (int u = 0; u < a.size(); u++) {
      assertThat(weights(b.get(u))).as("unit %d", u).containsExactly(weights(a.get(u)));
      assertThat(b.get(u).provenance().params()).isEqualTo(a.get(u).provenance().params());
    }
  }

  private static List<String> tables(String prefix) {
    try (PsClient client = PsClient.connect(addresses, PsFixture.options())) {
      return client.stats().stream().flatMap(s -> s.getTablesList().stream()).map(TableStats::getName)
          .filter(n -> n.startsWith(prefix + "/")).distinct().sorted().toList();
    }
  }

  @Test
  void twoWorkersUnderBspReturnTheSameModelsAsGoodAsInProcessTraining() {
    ExperimentSpec spec = digitsCv("softmax");
    Run run = fitAll(spec, "bsp", 0, "t-bsp");
    double accuracy = accuracy(spec, run.of(0));
    System.out.printf("distributed BSP, 2 worker threads with their own clients: 5-fold %.4f (in-process %.4f),"
        + " %d epochs reported%n", accuracy, inProcessCv, run.progress().get(0).size());
    assertSameModels(run.of(0), run.of(1));
    assertThat(run.progress().get(1)).as("progress, so also the epoch each unit stopped at")
        .isEqualTo(run.progress().get(0));
    assertThat(accuracy).isCloseTo(inProcessCv, Offset.offset(0.005));
  }

  @ParameterizedTest
  @CsvSource({"ssp,2", "asp,0"})
  void twoWorkersUnderSspAndAspAgreeOnTheModelsWithinOnePoint(String consistency, int staleness) {
    ExperimentSpec spec = digitsCv("softmax");
    Run run = fitAll(spec, consistency, staleness, "t-" + consistency);
    double accuracy = accuracy(spec, run.of(0));
    System.out.printf("distributed %s: 5-fold %.4f (in-process BSP %.4f)%n", consistency, accuracy, inProcessCv);
    assertSameModels(run.of(0), run.of(1));
    assertThat(run.progress().get(1)).isEqualTo(run.progress().get(0));
    assertThat(accuracy).isCloseTo(inProcessCv, Offset.offset(0.01));
  }

  @Test
  void withoutEarlyStoppingEveryWorkerReturnsTheSameFinalParametersEvenUnderAsp() {
    ExperimentSpec spec = digits("softmax", Map.of("early_stopping", "false", "epochs", "8"));
    Run run = fitAll(spec, "asp", 0, "t-final");
    assertSameModels(run.of(0), run.of(1));
    assertThat(run.progress().get(0)).hasSize(8).allSatisfy(p -> assertThat(p.validationLoss()).isNaN());
    assertThat(run.progress().get(1)).isEqualTo(run.progress().get(0));
    assertThat(accuracy(spec, run.of(0))).isGreaterThan(0.9);
  }

  @Test
  void aWorkerInAnotherJvmTrainsTheSameModelsAsTheWorkerInThisOne() throws Exception {
    Path out = dir.resolve("worker1.weights");
    WorkerJvm peer = WorkerJvm.start(List.of("1", "2", String.join(",", addresses), "bsp", "0", "t-jvm",
        Long.toString(LONG_WAIT.toSeconds()), "cv", out.toString()));
    try {
      peer.await("ready", Duration.ofSeconds(60));
      ExperimentSpec spec = digitsCv("softmax");
      List<PipelineModel> here = DistributedRuns.fitUnits(data, spec,
          ps(0, 2, addresses, "bsp", 0, DistributedRuns.prefix("t-jvm", 0), LONG_WAIT), "t-jvm", ProgressListener.NONE);
      peer.await("done", Duration.ofSeconds(60));
      assertThat(peer.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      double accuracy = accuracy(spec, here);
      System.out.printf("distributed BSP, worker 1 in another JVM: 5-fold %.4f (in-process %.4f)%n", accuracy,
          inProcessCv);
      List<float[]> there = read(out);
      assertThat(there).hasSize(here.size());
      for (int u = 0; u < here.size(); u++) {
        assertThat(there.get(u)).as("unit %d", u).containsExactly(weights(here.get(u)));
      }
      assertThat(accuracy).isCloseTo(inProcessCv, Offset.offset(0.005));
    } finally {
      peer.kill();
    }
  }

  private static List<float[]> read(Path file) throws Exception {
    List<float[]> units = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      while (in.available() > 0) {
        float[] w = new float[in.readInt()];
        for (int i = 0; i < w.length; i++) {
          w[i] = in.readFloat();
        }
        units.add(w);
      }
    }
    return units;
  }

  @Test
  void aPeerThatNeverShowsUpFailsTheWorkerAfterMaxWaitNamingTheJobAndThePeer() {
    DistributedPs alone = ps(0, 2, addresses, "bsp", 0, "t-alone.u0.g1", Duration.ofSeconds(3));
    long start = System.nanoTime();
    assertThatThrownBy(() -> DistributedRuns.fit(data, digits("softmax", Map.of()), alone, ProgressListener.NONE))
        .isInstanceOfSatisfying(PeerTimeoutException.class, e -> {
          System.out.println("a missing peer: " + e.getMessage());
          assertThat(e.job()).isEqualTo("t-alone.u0.g1");
          assertThat(e.worker()).isZero();
          assertThat(e.missing()).containsExactly(1);
        })
        .hasMessageStartingWith("worker 0 of 2 in job 't-alone.u0.g1' gave up after waiting PT3S for worker 1 to reach"
            + " the clock it needed (missing, dead or too slow) [shard 127.0.0.1:")
        .hasMessageEndingWith("for the slowest worker to reach clock 1 (BSP, staleness 0); worker 1 is at clock 0]");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("a missing peer failed worker 0 after " + took);
    assertThat(took).isLessThan(Duration.ofSeconds(3 + 10));
  }

  @Test
  void aPeerJvmKilledMidTrainingFailsTheSurvivorAfterMaxWait() throws Exception {
    WorkerJvm peer = WorkerJvm.start(List.of("1", "2", String.join(",", addresses), "bsp", "0", "t-killed",
        Long.toString(LONG_WAIT.toSeconds()), "holdout", dir.resolve("killed.weights").toString()));
    try {
      peer.await("ready", Duration.ofSeconds(60));
      DistributedPs survivor = ps(0, 2, addresses, "bsp", 0, "t-killed.u0.g1", Duration.ofSeconds(5));
      CompletableFuture<PipelineModel> fit = CompletableFuture.supplyAsync(
          () -> DistributedRuns.fit(data, digits("softmax", Map.of()), survivor, ProgressListener.NONE), WORKERS);
      peer.await("epoch 3", Duration.ofSeconds(60));
      peer.kill();
      long killed = System.nanoTime();
      assertThatThrownBy(() -> fit.get(5 + 10, TimeUnit.SECONDS)).cause()
          .isInstanceOfSatisfying(PeerTimeoutException.class, e -> assertThat(e.missing()).containsExactly(1))
          .hasMessageStartingWith("worker 0 of 2 in job 't-killed.u0.g1' gave up after waiting PT5S for worker 1 to"
              + " reach the clock it needed (missing, dead or too slow)");
      System.out.println("a killed peer failed worker 0 " + Duration.ofNanos(System.nanoTime() - killed)
          + " after the kill");
    } finally {
      peer.kill();
    }
  }

  @Test
  void tablePrefixesIsolateTwoConcurrentJobsOnTheSameShards() {
    ExperimentSpec spec = digits("softmax", Map.of());
    CompletableFuture<Run> a = CompletableFuture.supplyAsync(() -> fitAll(spec, "bsp", 0, "t-iso-a"), WORKERS);
    CompletableFuture<Run> b = CompletableFuture.supplyAsync(() -> fitAll(spec, "bsp", 0, "t-iso-b"), WORKERS);
    for (Run job : List.of(a.join(), b.join())) {
      assertSameModels(job.of(0), job.of(1));
      assertThat(accuracy(spec, job.of(0))).isCloseTo(inProcessHoldout, Offset.offset(0.01));
    }
    assertThat(tables("t-iso-a.u0.g1")).containsExactly("t-iso-a.u0.g1/epochs", "t-iso-a.u0.g1/weights/0");
    assertThat(tables("t-iso-b.u0.g1")).containsExactly("t-iso-b.u0.g1/epochs", "t-iso-b.u0.g1/weights/0");

    PsTrainerSource.dropTables(addresses, "t-iso-a.u0.g1", PsFixture.SECRET);
    assertThat(tables("t-iso-a.u0.g1")).isEmpty();
    assertThat(tables("t-iso-b.u0.g1")).hasSize(2);
    PsTrainerSource.dropTables(addresses, "t-iso-b.u0.g1", PsFixture.SECRET);
    assertThat(tables("t-iso-b.u0.g1")).isEmpty();
  }

  @Test
  void anMlpTrainsDistributedToTheSameModelOnEveryWorker() {
    ExperimentSpec spec = digits("mlp", Map.of("hidden", "32"));
    Run run = fitAll(spec, "bsp", 0, "t-mlp");
    double accuracy = accuracy(spec, run.of(0));
    double inProcess = inProcess(spec);
    System.out.printf("distributed BSP mlp (hidden 32): 20%% held out %.4f (in-process %.4f)%n", accuracy, inProcess);
    assertSameModels(run.of(0), run.of(1));
    assertThat(accuracy).isCloseTo(inProcess, Offset.offset(0.01));
  }

  @Test
  void aTableOfAnotherLayoutUnderTheRunsNameIsAnErrorNamingIt() {
    String prefix = "t-layout.u0.g1";
    try (PsClient client = PsClient.connect(addresses, PsFixture.options())) {
      client.createTable(TableSpec.dense(prefix + "/weights/0", prefix + "/weights", 4, 3));
    }
    DistributedPs d = ps(0, 2, addresses, "bsp", 0, prefix, LONG_WAIT);
    assertThatThrownBy(() -> DistributedRuns.fit(data, digits("softmax", Map.of()), d, ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("table 't-layout.u0.g1/weights/0' already exists on shard " + addresses.get(0)
            + " with a different layout: 2 rows of 3 floats on that shard, job 't-layout.u0.g1/weights'; this client"
            + " needs ");
    PsTrainerSource.dropTables(addresses, prefix, PsFixture.SECRET);
    assertThat(tables(prefix)).isEmpty();
  }
}
