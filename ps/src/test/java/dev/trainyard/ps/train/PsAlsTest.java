package dev.trainyard.ps.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.Executors2;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.als.AlsModel;
import dev.trainyard.ml.als.AlsTrainer;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.split.Split;
import dev.trainyard.ml.split.Splits;
import dev.trainyard.ps.PsFixture;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.rpc.v1.Consistency;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ALS on MovieLens small (random 80/20 split, seed 42, rank 10, default 15 iterations and lambda)
 * through two real PS shards on loopback with two workers reaches issue 3's bars and the
 * single-process trainer's test RMSE. Train times are printed, never asserted.
 */
class PsAlsTest {
  private static final ExecutorService POOL = Executors2.fixed(2, "test-als-local");
  private static final ExecutorService WORKERS = Executors2.fixed(2, "test-als-worker");
  private static PsFixture ps;
  private static FeatureMatrix train;
  private static FeatureMatrix test;
  private static Target.Values trainRatings;
  private static float[] testRatings;

  @BeforeAll
  static void start() {
    ps = PsFixture.start(2, PsFixture.options().withDeadline(Duration.ofSeconds(30)));
    Frame f = CsvReader.read(TestDatasets.file("movielens_ratings.csv"), CsvOptions.defaults());
    float[] users = f.numericValues(f.indexOf("user"));
    float[] items = f.numericValues(f.indexOf("item"));
    FeatureMatrix x = new FeatureMatrix(List.of("user", "item"), new float[][] {users, items}, users.length);
    Target.Values y = new Target.Values(f.numericValues(f.indexOf("rating")));
    Split s = Splits.trainTest(x.rows(), 0.2, 42);
    train = x.rows(s.train());
    test = x.rows(s.test());
    trainRatings = y.rows(s.train());
    testRatings = y.rows(s.test()).values();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    ps.close();
    POOL.shutdownNow();
    WORKERS.shutdownNow();
  }

  private static Params params(Map<String, String> raw) {
    return Params.parse("als", AlsTrainer.params(), raw);
  }

  private static PsSettings settings(int workers, Consistency consistency) {
    return new PsSettings(workers, new PsVectors(ps.client, consistency, consistency == Consistency.SSP ? 2 : 0),
        WORKERS, workers + " workers, 2 shards, " + consistency);
  }

  @ParameterizedTest
  @CsvSource({"false,0.93", "true,0.90"})
  void rank10OnTwoShardsReachesTheBarAndTheSingleProcessRmse(boolean biases, double bar) {
    Params p = params(Map.of("biases", Boolean.toString(biases)));
    double local = testRmse(AlsTrainer.fromParams(p), ProgressListener.NONE, "local, 2 threads");
    List<ProgressListener.Progress> steps = new CopyOnWriteArrayList<>();
    double onPs = testRmse(new PsAlsTrainer(p, settings(2, Consistency.BSP)), steps::add, "PS, 2 workers, 2 shards");
    assertThat(onPs).isLessThanOrEqualTo(bar).isCloseTo(local, Offset.offset(0.005));
    assertThat(steps).extracting(ProgressListener.Progress::done).containsExactly(
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(steps.get(14).loss()).isLessThan(steps.get(0).loss()).isLessThan(1.0);
  }

  @Test
  void theModelIsTheSameForOneWorkerAndForTwo() {
    Params p = params(Map.of("iterations", "3"));
    AlsModel one = new PsAlsTrainer(p, settings(1, Consistency.BSP)).train(train, trainRatings, context(ProgressListener.NONE));
    AlsModel two = new PsAlsTrainer(p, settings(2, Consistency.BSP)).train(train, trainRatings, context(ProgressListener.NONE));
    double[] a = new double[test.rows()];
    double[] b = new double[test.rows()];
    for (int i = 0; i < test.rows(); i++) {
      a[i] = one.predict(test.get(i, 0), test.get(i, 1));
      b[i] = two.predict(test.get(i, 0), test.get(i, 1));
    }
    assertThat(b).containsExactly(a);
  }

  /**
   * One worker per "process" (its own thread, client and trainer, as a PS_WORKER task runs it): with
   * the same blocks and solves, both workers return exactly the in-process run's model and report
   * its training RMSE per iteration (up to the float rounding of each posted block sum).
   */
  @Test
  void twoWorkerProcessesReturnTheInProcessModelAndReportItsRmse() {
    Params p = params(Map.of());
    List<ProgressListener.Progress> inProcessSteps = new CopyOnWriteArrayList<>();
    AlsModel inProcess = new PsAlsTrainer(p, settings(2, Consistency.BSP))
        .train(train, trainRatings, context(inProcessSteps::add));
    List<String> shards = ps.servers.stream().map(dev.trainyard.ps.server.PsServer::address).toList();
    String prefix = "als-test.u0.g1";
    List<List<ProgressListener.Progress>> steps = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    List<java.util.concurrent.CompletableFuture<AlsModel>> fits = new java.util.ArrayList<>();
    for (int w = 0; w < 2; w++) {
      DistributedPs d = new DistributedPs(w, 2, shards, "bsp", 0, prefix,
          RetryPolicy.of(Duration.ofSeconds(30), Duration.ofMillis(200)), Duration.ofSeconds(60), dev.trainyard.ps.PsFixture.SECRET);
      List<ProgressListener.Progress> mine = steps.get(w);
      fits.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> PsAlsTrainer.distributed(p, d)
          .train(train, trainRatings, context(mine::add)), WORKERS));
    }
    List<AlsModel> models = fits.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    PsTrainerSource.dropTables(shards, prefix, dev.trainyard.ps.PsFixture.SECRET);

    double[] expected = predictions(inProcess);
    for (int w = 0; w < 2; w++) {
      assertThat(predictions(models.get(w))).as("worker %d", w).containsExactly(expected);
      assertThat(steps.get(w)).extracting(ProgressListener.Progress::done)
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
      for (int i = 0; i < 15; i++) {
        assertThat(steps.get(w).get(i).loss()).isCloseTo(inProcessSteps.get(i).loss(), Offset.offset(1e-5));
      }
    }
    assertThat(models.get(0).provenance().params()).containsEntry("ps", "2 worker processes, 2 shards, bsp");
    System.out.printf("MovieLens ALS rank 10, 2 worker processes' model: test RMSE %.6f (in-process PS %.6f)%n",
        rmse(models.get(0)), rmse(inProcess));
  }

  @Test
  void aWorkerWhosePeerNeverShowsUpFailsAfterMaxWaitNamingThePeer() {
    List<String> shards = ps.servers.stream().map(dev.trainyard.ps.server.PsServer::address).toList();
    String prefix = "als-test-alone.u0.g1";
    DistributedPs d = new DistributedPs(0, 2, shards, "bsp", 0, prefix, RetryPolicy.NONE, Duration.ofSeconds(2),
        dev.trainyard.ps.PsFixture.SECRET);
    try {
      assertThatThrownBy(() -> PsAlsTrainer.distributed(params(Map.of("iterations", "2")), d)
          .train(train, trainRatings, context(ProgressListener.NONE)))
          .isInstanceOfSatisfying(PeerTimeoutException.class, e -> {
            assertThat(e.job()).isEqualTo(prefix);
            assertThat(e.missing()).containsExactly(1);
          });
    } finally {
      PsTrainerSource.dropTables(shards, prefix, dev.trainyard.ps.PsFixture.SECRET);
    }
  }

  private static double[] predictions(AlsModel m) {
    double[] out = new double[test.rows()];
    for (int i = 0; i < test.rows(); i++) {
      out[i] = m.predict(test.get(i, 0), test.get(i, 1));
    }
    return out;
  }

  private static double rmse(AlsModel m) {
    double[] p = predictions(m);
    double sse = 0;
    for (int i = 0; i < p.length; i++) {
      double e = p[i] - testRatings[i];
      sse += e * e;
    }
    return Math.sqrt(sse / p.length);
  }

  @Test
  void staleConsistencyIsRejected() {
    assertThatThrownBy(() -> new PsAlsTrainer(params(Map.of()), settings(2, Consistency.SSP)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("als on the parameter server needs bsp consistency, was ssp: each half-step must solve"
            + " against the other side's factors of the same iteration");
  }

  @Test
  void theSgdSolverIsRejected() {
    assertThatThrownBy(() -> new PsAlsTrainer(params(Map.of("solver", "sgd")), settings(2, Consistency.BSP)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("on the parameter server, als runs the als solver only, was solver=sgd; train sgd without"
            + " --workers, --ps or --ps-shards");
  }

  private static TrainContext context(ProgressListener progress) {
    return new TrainContext(42, POOL, 2, progress);
  }

  private static double testRmse(Trainer<AlsModel> trainer, ProgressListener progress, String what) {
    long start = System.nanoTime();
    AlsModel m = trainer.train(train, trainRatings, context(progress));
    double seconds = (System.nanoTime() - start) / 1e9;
    double sse = 0;
    for (int i = 0; i < test.rows(); i++) {
      double e = m.predict(test.get(i, 0), test.get(i, 1)) - testRatings[i];
      sse += e * e;
    }
    double rmse = Math.sqrt(sse / test.rows());
    System.out.printf("MovieLens ALS rank %d biases %b, %s: test RMSE %.6f, trained in %.3f s%n",
        m.rank(), m.hasBiases(), what, rmse, seconds);
    return rmse;
  }
}
