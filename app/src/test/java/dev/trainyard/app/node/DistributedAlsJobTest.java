package dev.trainyard.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.job.JobSpecParser;
import dev.trainyard.cluster.queue.WorkerId;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.cluster.store.TaskRecord;
import dev.trainyard.cluster.worker.CoordinatorClient;
import dev.trainyard.cluster.worker.MlTaskRunner;
import dev.trainyard.cluster.worker.TaskRunner;
import dev.trainyard.cluster.worker.WorkerConfig;
import dev.trainyard.cluster.worker.WorkerRuntime;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.server.PsServer;
import dev.trainyard.ps.server.PsServerConfig;
import dev.trainyard.rpc.auth.ClusterSecret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ALS as one long task per worker on registered parameter-server shards, in one JVM: a coordinator
 * (H2, in-process queue), two real {@link PsServer}s on loopback that join it as members, and
 * worker slots of one task each (registered as worker members, heartbeating). MovieLens small,
 * label {@code rating}, rank 10, 20% held out. The metrics must match the single-task
 * parameter-server fit ({@code PS_FIT}, same blocks and solves: identical) and the single-process
 * experiment within {@link #TOLERANCE}.
 */
class DistributedAlsJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ClusterSecret SECRET = ClusterSecret.of("distributed-als-test-secret");
  /**
   * RMSE / MAE distance allowed from the single-process experiment: the PS assigns factors as
   * {@code old - (old - new)} in float, which may differ from {@code new} in the last bit, so a
   * 15-iteration run drifts by far less than this (measured: below 1e-6).
   */
  private static final double TOLERANCE = 1e-4;
  /** The iteration of generation 1 at which the lost slot is stopped. */
  private static final int LOSE_AT = 5;

  @TempDir Path dir;
  private CoordinatorNode node;
  private final List<PsServer> shards = new ArrayList<>();
  private final List<ShardMembership> memberships = new ArrayList<>();
  private final List<WorkerRuntime> slots = new ArrayList<>();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void start() throws Exception {
    node = CoordinatorNode.start(new CoordinatorNode.Settings("127.0.0.1", 0, 0, null, QueueUrl.parse("memory"),
        dir, Duration.ofMillis(500), Duration.ofSeconds(5), 64L << 20, SECRET));
    for (int i = 0; i < 2; i++) {
      PsServer s = PsServer.start(PsServerConfig.of("127.0.0.1", 0, SECRET));
      shards.add(s);
      memberships.add(ShardMembership.join(new CoordinatorClient("127.0.0.1:" + node.grpcPort(), SECRET),
          s.address()));
    }
    heartbeats.scheduleWithFixedDelay(() -> {
      for (WorkerRuntime w : List.copyOf(slots)) {
        node.registry().heartbeat(w.config().id().value(), w.runningTasks(), w.tasksDone());
      }
    }, 200, 200, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    heartbeats.shutdownNow();
    for (WorkerRuntime w : slots) {
      w.stop();
    }
    memberships.forEach(ShardMembership::close);
    node.close();
    for (PsServer s : shards) {
      s.shutdownNow().awaitTermination(Duration.ofSeconds(5));
    }
  }

  /** A worker member with one slot in this JVM. */
  private WorkerRuntime slot(String id) {
    return slot(id, Duration.ofSeconds(5), Optional.empty());
  }

  /**
   * A worker member with one slot in this JVM. With {@code lost}, a first-generation task of it
   * counts the latch down when it reports iteration {@link #LOSE_AT} and then hangs until the slot
   * is stopped (drain zero interrupts it), and fails: its peers are left waiting, as when a worker
   * process dies mid-training.
   */
  private WorkerRuntime slot(String id, Duration drain, Optional<CountDownLatch> lost) {
    WorkerConfig config = new WorkerConfig(new WorkerId(id), 1, 1, Duration.ofSeconds(10), Duration.ofMillis(300),
        Duration.ofMillis(50), drain);
    MlTaskRunner ml = new MlTaskRunner(node.coordinator().frames(), Ticker.SYSTEM,
        Optional.of(node.coordinator().localModels()), SECRET);
    // a PS worker payload's treeTo is its generation (see the planner)
    TaskRunner runner = (task, threads, progress, worker) -> ml.run(task, threads, p -> {
      progress.onProgress(p);
      if (lost.isPresent() && task.treeTo() == 1 && p.done() == LOSE_AT) {
        lost.get().countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          throw new IllegalStateException("worker " + id + " lost mid-training (test)", e);
        }
      }
    }, worker);
    WorkerRuntime w = new WorkerRuntime(config, node.queue(), runner, Ticker.SYSTEM, Clock.systemUTC()).start();
    node.registry().register(id, "worker", "127.0.0.1", 1, "");
    slots.add(w);
    return w;
  }

  private static String spec(String dataset, String params, String resources) {
    return "{\"dataset\":\"" + dataset + "\",\"algorithm\":\"als\",\"label\":\"rating\",\"params\":" + params
        + ",\"validation\":{\"test_fraction\":0.2},\"resources\":" + resources + "}";
  }

  private JobRecord run(String owner, String spec) throws Exception {
    JobRecord j = node.coordinator().submit(owner, JobSpecParser.parse(JSON.readTree(spec)));
    JobRecord done = JobsInOneJvmTest.await(node.coordinator(), j.id());
    assertThat(done.status()).as(done.error().orElse("")).isEqualTo(JobStatus.SUCCEEDED);
    return done;
  }

  private static Map<String, Double> metrics(JobRecord done) throws Exception {
    Map<String, Double> m = new TreeMap<>();
    JSON.readTree(done.resultJson().orElseThrow()).path("metrics").fields()
        .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
    return m;
  }

  /** The metrics of {@code trainyard train} with these parameters (the single-process experiment). */
  private static Map<String, Double> local(Map<String, String> params) {
    ExecutorService pool = dev.trainyard.common.Executors2.fixed(2, "local-als");
    try {
      return new TreeMap<>(new Experiment(pool, 2, s -> ProgressListener.NONE, Ticker.SYSTEM).run(
          CsvReader.read(TestDatasets.file("movielens_ratings.csv"), CsvOptions.defaults()),
          new ExperimentSpec("als", "rating", params, new ExperimentSpec.Validation.Fraction(0.2), 42, "", ""), false)
          .metrics());
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> tablesOf(String jobId) {
    List<String> addresses = shards.stream().map(PsServer::address).toList();
    try (PsClient c = PsClient.connect(addresses, PsClientOptions.defaults(SECRET))) {
      return c.stats().stream().flatMap(s -> s.getTablesList().stream()).map(t -> t.getName())
          .filter(n -> n.startsWith(jobId + ".")).toList();
    }
  }

  private static void assertClose(Map<String, Double> got, Map<String, Double> expected, String what) {
    for (String metric : List.of("rmse", "mae")) {
      assertThat(got.get(metric)).as(metric + " vs " + what).isCloseTo(expected.get(metric), Offset.offset(TOLERANCE));
    }
  }

  @Test
  void alsRunsAsOneTaskPerWorkerOnRegisteredShardsAndMatchesTheSingleTaskAndSingleProcessMetrics() throws Exception {
    slot("slot-a");
    slot("slot-b");
    DatasetRecord d = node.coordinator().datasets().importFile("alice", TestDatasets.file("movielens_ratings.csv"));

    JobRecord distributed = run("alice", spec(d.id(), "{\"rank\":10}", "{\"workers\":2}"));
    JobRecord psFit = run("alice", spec(d.id(), "{\"rank\":10}", "{\"workers\":2,\"ps_shards\":2}"));
    Map<String, Double> single = local(Map.of("rank", "10"));

    List<TaskRecord> tasks = node.coordinator().store().tasks(distributed.id());
    assertThat(tasks).extracting(TaskRecord::taskId)
        .containsExactlyInAnyOrder(distributed.id() + ".u0.w0.g1", distributed.id() + ".u0.w1.g1");
    assertThat(tasks).allSatisfy(t -> {
      assertThat(t.kind()).isEqualTo("ps-worker");
      assertThat(t.state().id()).isEqualTo("succeeded");
    });
    assertThat(tasks).extracting(t -> t.worker().orElseThrow()).containsExactlyInAnyOrder("slot-a", "slot-b");
    assertThat(node.coordinator().store().tasks(psFit.id())).extracting(TaskRecord::kind).containsExactly("ps-fit");
    Map<String, Double> onWorkers = metrics(distributed);
    System.out.printf("MovieLens ALS rank 10, 20%% held out: 2 PS_WORKER tasks %s; 1 PS_FIT task %s;"
        + " single process %s%n", onWorkers, metrics(psFit), single);
    assertThat(onWorkers).isEqualTo(metrics(psFit));
    assertClose(onWorkers, single, "the single-process experiment");
    assertThat(onWorkers.get("rmse")).isLessThan(0.9);
    assertThat(node.coordinator().store().events(distributed.id(), 0, 10_000))
        .anySatisfy(e -> assertThat(e.type()).isEqualTo("progress"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!tablesOf(distributed.id()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(tablesOf(distributed.id())).as("the run's tables are dropped after the job").isEmpty();
  }

  @Test
  void anAlsUnitThatLosesAWorkerRestartsAsANewGenerationAndMatchesTheSingleProcessMetrics() throws Exception {
    CountDownLatch midRun = new CountDownLatch(1);
    WorkerRuntime lost = slot("slot-lost", Duration.ZERO, Optional.of(midRun));
    slot("slot-b", Duration.ZERO, Optional.empty()); // its stranded task would hold a drain to the end
    DatasetRecord d = node.coordinator().datasets().importFile("alice", TestDatasets.file("movielens_ratings.csv"));
    String params = "{\"rank\":10,\"iterations\":60}";
    JobRecord j = node.coordinator().submit("alice", JobSpecParser.parse(JSON.readTree(spec(d.id(), params,
        "{\"workers\":2}"))));
    assertThat(midRun.await(60, TimeUnit.SECONDS)).as("the lost slot's worker reached iteration " + LOSE_AT).isTrue();
    lost.stop(); // no drain: its hanging task is interrupted and fails; the slot leases nothing more
    // The survivor of generation 1 holds its slot until its blocked pull gives up (the PS client's
    // calls do not end on cancellation), so generation 2 runs on two new slots.
    slot("slot-replacement-1");
    slot("slot-replacement-2");

    JobRecord done = JobsInOneJvmTest.await(node.coordinator(), j.id());
    assertThat(done.status()).as(done.error().orElse("")).isEqualTo(JobStatus.SUCCEEDED);
    List<String> states = node.coordinator().store().tasks(j.id()).stream()
        .map(t -> t.taskId().substring(j.id().length()) + ":" + t.state().id()).toList();
    assertThat(states).as(states.toString()).contains(".u0.w0.g2:succeeded", ".u0.w1.g2:succeeded")
        .anyMatch(s -> s.contains(".g1") && s.endsWith(":cancelled"));
    Map<String, Double> got = metrics(done);
    Map<String, Double> single = local(Map.of("rank", "10", "iterations", "60"));
    System.out.printf("MovieLens ALS rank 10, 60 iterations, a worker lost in generation 1: %s; single process %s%n",
        got, single);
    assertClose(got, single, "the single-process experiment");
  }
}
