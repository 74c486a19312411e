package dev.trainyard.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.client.PsException;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.v1.ClusterGrpc;
import dev.trainyard.rpc.v1.FetchDatasetRequest;
import dev.trainyard.rpc.v1.MemberKind;
import dev.trainyard.rpc.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job system as real processes on loopback: a coordinator JVM, two worker JVMs and the real
 * Redis ({@code TRAINYARD_TEST_REDIS_URL}, default redis://127.0.0.1:6379; a fresh queue name per
 * run). Workers are killed with SIGKILL, frozen with SIGSTOP, and the coordinator is killed and
 * restarted; every job must still reach exactly the metrics of the single-process experiment.
 * The coordinator keeps the cluster secret it generated in its data directory; workers read it with
 * {@code --cluster-secret-file}, PS shards from {@code TRAINYARD_CLUSTER_SECRET}; a member without it
 * is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDIS = System.getenv().getOrDefault("TRAINYARD_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  @TempDir static Path dir;
  private static String queue;
  private static int grpcPort;
  private static RoleProcess coordinator;
  private static final List<RoleProcess> workers = new ArrayList<>();
  private static final List<RoleProcess> shards = new ArrayList<>();
  private static Api api;
  private static String digitsId;
  private static int restarts;
  private static Path secretFile;

  @BeforeAll
  static void startCluster() throws Exception {
    requireRedis();
    queue = REDIS + "?queue=test-" + UUID.randomUUID().toString().substring(0, 8);
    try (ServerSocket s = new ServerSocket(0)) {
      grpcPort = s.getLocalPort();
    }
    startCoordinator();
    secretFile = dir.resolve("data").resolve(ClusterSecret.FILE_NAME);
    workers.add(startWorker("w1"));
    workers.add(startWorker("w2"));
    digitsId = api.upload(TestDatasets.file("digits.csv")).path("id").asText();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (RoleProcess w : workers) {
      w.stop();
    }
    for (RoleProcess p : shards) {
      p.stop();
    }
    if (coordinator != null) {
      coordinator.stop();
    }
  }

  private static void requireRedis() {
    java.net.URI uri = java.net.URI.create(REDIS);
    try (Socket s = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
      return;
    } catch (Exception e) {
      String why = "no Redis at " + REDIS + " (" + e.getMessage() + "); start one with "
          + "`redis-server --daemonize yes --port 6379` or set TRAINYARD_TEST_REDIS_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true requires Redis: " + why, e);
      }
      Assumptions.abort(why);
    }
  }

  /** This JVM's environment without a cluster secret, plus {@code extra}. */
  private static Map<String, String> env(String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put(ClusterSecret.ENV, null);
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  private static String secret() throws Exception {
    return Files.readString(secretFile).strip();
  }

  private static void startCoordinator() throws Exception {
    coordinator = RoleProcess.start(env(), dir.resolve("coordinator-" + restarts++ + ".log"), "coordinator ready:",
        "coordinator", "--port", "0", "--grpc-port", Integer.toString(grpcPort), "--queue", queue,
        "--data-dir", dir.resolve("data").toString(), "--heartbeat", "300ms", "--heartbeat-timeout", "2s");
    String http = coordinator.readyLine.split(" ")[2];
    api = new Api(http, "alice");
  }

  private static RoleProcess startWorker(String id) throws Exception {
    return RoleProcess.start(env(), dir.resolve(id + ".log"), "worker " + id + " ready", "worker", "--coordinator",
        "127.0.0.1:" + grpcPort, "--slots", "1", "--threads", "1", "--id", id, "--cache-dir",
        dir.resolve("cache-" + id).toString(), "--drain", "5s", "--cluster-secret-file", secretFile.toString());
  }

  /** The metrics of {@code trainyard train} on digits with these settings (the single-process experiment). */
  private static Map<String, Double> local(String algo, Map<String, String> params) {
    Frame f = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
    ExecutorService pool = dev.trainyard.common.Executors2.fixed(2, "local");
    try {
      return new TreeMap<>(new Experiment(pool, 2, s -> ProgressListener.NONE, Ticker.SYSTEM)
          .run(f, new ExperimentSpec(algo, "label", params, new ExperimentSpec.Validation.Fraction(0.2), 42, "", ""),
              false).metrics());
    } finally {
      pool.shutdownNow();
    }
  }

  private static long live(JsonNode cluster, String kind) {
    long n = 0;
    for (JsonNode m : cluster.path("members")) {
      n += m.path("kind").asText().equals(kind) && m.path("alive").asBoolean() ? 1 : 0;
    }
    return n;
  }

  private static Map<String, Double> metrics(JsonNode result) {
    Map<String, Double> m = new TreeMap<>();
    result.path("result").path("metrics").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
    return m;
  }

  private static String forest(int trees, int tasks) {
    return "{\"dataset\":\"" + digitsId + "\",\"algorithm\":\"random-forest\",\"params\":{\"trees\":" + trees
        + "},\"validation\":{\"test_fraction\":0.2},\"resources\":{\"tasks\":" + tasks + "}}";
  }

  private static JsonNode succeeded(String id) throws Exception {
    JsonNode job = api.await(id, Duration.ofMinutes(2));
    assertThat(job.path("status").asText()).as(job + "\ncoordinator log:\n" + RoleProcess.tail(coordinator.log))
        .isEqualTo("succeeded");
    return job;
  }

  @Test
  @Order(1)
  void randomForestAndSoftmaxOnTwoWorkerProcessesMatchTheSingleProcessAccuracy() throws Exception {
    String rf = api.submit(forest(40, 8)).path("id").asText();
    String softmax = api.submit("{\"dataset\":\"" + digitsId + "\",\"algorithm\":\"softmax\","
        + "\"validation\":{\"test_fraction\":0.2}}").path("id").asText();
    JsonNode rfJob = succeeded(rf);
    succeeded(softmax);
    assertThat(metrics(api.result(rf))).isEqualTo(local("random-forest", Map.of("trees", "40")));
    assertThat(metrics(api.result(softmax))).isEqualTo(local("softmax", Map.of()));
    List<String> byWorker = new ArrayList<>();
    rfJob.path("tasks").forEach(t -> byWorker.add(t.path("worker").asText()));
    assertThat(byWorker).hasSize(8).contains("w1", "w2");
  }

  @Test
  @Order(2)
  void killingAWorkerAtARandomPointTwentyTimesLosesNoResultAndCountsNoneTwice() throws Exception {
    Map<String, Double> expected = local("random-forest", Map.of("trees", "24"));
    SplittableRandom rng = new SplittableRandom(7);
    int redelivered = 0;
    for (int i = 0; i < 20; i++) {
      String id = api.submit(forest(24, 6)).path("id").asText();
      Thread.sleep(rng.nextInt(1500));
      int victim = rng.nextInt(workers.size());
      RoleProcess dead = workers.get(victim);
      dead.kill9();
      String name = "w" + (3 + i);
      workers.set(victim, startWorker(name));
      JsonNode job = succeeded(id);
      assertThat(metrics(api.result(id))).as("iteration " + i).isEqualTo(expected);
      assertThat(job.path("tasks")).hasSize(6).allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("succeeded"));
      for (JsonNode t : job.path("tasks")) {
        redelivered += t.path("attempts").asInt() > 1 ? 1 : 0;
      }
    }
    System.out.println("kill loop: " + redelivered + " tasks were redelivered after their worker was killed");
    assertThat(redelivered).as("kills that hit a running task").isPositive();
  }

  @Test
  @Order(3)
  void aFrozenWorkersTasksAreRedeliveredAndItsLateResultsDropped() throws Exception {
    // tasks of ~1 s, so the worker is frozen in the middle of one (the coordinator sees starts within a tick)
    Map<String, Double> expected = local("random-forest", Map.of("trees", "240"));
    RoleProcess frozen = workers.get(0);
    String frozenId = frozen.readyLine.split(" ")[1];
    String id = api.submit(forest(240, 4)).path("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    boolean running = false;
    while (!running && System.nanoTime() < deadline) {
      for (JsonNode t : api.job(id).path("tasks")) {
        running |= t.path("state").asText().equals("running") && t.path("worker").asText().equals(frozenId);
      }
      Thread.sleep(20);
    }
    assertThat(running).as("a task started on " + frozenId).isTrue();
    frozen.signal("STOP");
    try {
      succeeded(id);
      assertThat(metrics(api.result(id))).isEqualTo(expected);
    } finally {
      frozen.signal("CONT");
    }
    // the resumed worker finishes its task first: on a loaded machine that takes a while
    deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String log = "";
    while (System.nanoTime() < deadline && !log.contains("lease lost") && !log.contains("dropped")) {
      Thread.sleep(200);
      log = Files.readString(frozen.log);
    }
    assertThat(log).containsAnyOf("lease lost to another worker", "dropped: DUPLICATE_DROPPED");
  }

  @Test
  @Order(4)
  void aCoordinatorKilledMidJobIsRestartedAndTheJobFinishes() throws Exception {
    Map<String, Double> expected = local("random-forest", Map.of("trees", "60"));
    String id = api.submit(forest(60, 12)).path("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int done = 0;
    while (done < 2 && System.nanoTime() < deadline) {
      done = 0;
      for (JsonNode t : api.job(id).path("tasks")) {
        done += t.path("state").asText().equals("succeeded") ? 1 : 0;
      }
      Thread.sleep(20);
    }
    assertThat(done).isBetween(2, 11);
    coordinator.kill9();
    startCoordinator();
    JsonNode job = succeeded(id);
    assertThat(metrics(api.result(id))).isEqualTo(expected);
    assertThat(job.path("tasks")).hasSize(12);
    assertThat(api.events(id)).as("the job's events").contains("coordinator restarted: job resumed");
  }

  @Test
  @Order(5)
  void softmaxAndAlsTrainWithOneTaskPerWorkerProcessOnRegisteredPsShards() throws Exception {
    for (int i = 0; i < 2; i++) {
      shards.add(RoleProcess.start(env(ClusterSecret.ENV, secret()), dir.resolve("ps" + i + ".log"), "ps listening on",
          "ps", "--port", "0", "--coordinator", "127.0.0.1:" + grpcPort));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((live(api.cluster(), "ps") < 2 || live(api.cluster(), "worker") < 2) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(live(api.cluster(), "worker")).as("live workers: " + api.cluster()).isGreaterThanOrEqualTo(2);
    String id = api.submit("{\"dataset\":\"" + digitsId + "\",\"algorithm\":\"softmax\",\"validation\":"
        + "{\"test_fraction\":0.2},\"resources\":{\"workers\":2,\"consistency\":\"bsp\"}}").path("id").asText();
    JsonNode job = succeeded(id);
    List<String> kinds = new ArrayList<>();
    List<String> byWorker = new ArrayList<>();
    job.path("tasks").forEach(t -> {
      kinds.add(t.path("kind").asText());
      byWorker.add(t.path("worker").asText());
    });
    assertThat(kinds).containsExactly("ps-worker", "ps-worker");
    assertThat(byWorker).doesNotHaveDuplicates();
    double local = local("softmax", Map.of()).get("accuracy");
    assertThat(metrics(api.result(id)).get("accuracy")).isBetween(local - 0.01, local + 0.01);

    // ALS: each worker process solves its user and item blocks, meeting the other at the PS barriers
    Path ratings = TestDatasets.file("movielens_ratings.csv");
    long alsStart = System.nanoTime();
    String als = api.submit("{\"dataset\":\"" + api.upload(ratings).path("id").asText() + "\",\"algorithm\":\"als\","
        + "\"label\":\"rating\",\"params\":{\"rank\":10},\"validation\":{\"test_fraction\":0.2},"
        + "\"resources\":{\"workers\":2}}").path("id").asText();
    List<String> alsKinds = new ArrayList<>();
    succeeded(als).path("tasks").forEach(t -> alsKinds.add(t.path("kind").asText()));
    assertThat(alsKinds).containsExactly("ps-worker", "ps-worker");
    ExecutorService pool = dev.trainyard.common.Executors2.fixed(2, "local-als");
    try {
      Map<String, Double> single = new Experiment(pool, 2, s -> ProgressListener.NONE, Ticker.SYSTEM).run(
          CsvReader.read(ratings, CsvOptions.defaults()), new ExperimentSpec("als", "rating", Map.of("rank", "10"),
              new ExperimentSpec.Validation.Fraction(0.2), 42, "", ""), false).metrics();
      System.out.printf("MovieLens ALS rank 10 on 2 worker processes: %s in %.1f s (upload included); single"
          + " process %s%n", metrics(api.result(als)), (System.nanoTime() - alsStart) / 1e9, single);
      // the same blocks and solves: only the float rounding of the PS assignment differs
      assertThat(metrics(api.result(als)).get("rmse")).isCloseTo(single.get("rmse"),
          org.assertj.core.data.Offset.offset(1e-4));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(6)
  void aPsUnitThatLosesAWorkerProcessRestartsAsANewGenerationAndFinishes() throws Exception {
    String id = api.submit("{\"dataset\":\"" + digitsId + "\",\"algorithm\":\"softmax\",\"params\":"
        + "{\"epochs\":200,\"patience\":200},\"validation\":{\"test_fraction\":0.2},"
        + "\"resources\":{\"workers\":2}}").path("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int running = 0;
    while (running < 2 && System.nanoTime() < deadline) {
      running = 0;
      for (JsonNode t : api.job(id).path("tasks")) {
        running += t.path("state").asText().equals("running") ? 1 : 0;
      }
      Thread.sleep(50);
    }
    assertThat(running).as("both PS workers running").isEqualTo(2);
    Thread.sleep(500);
    workers.get(0).kill9();
    workers.set(0, startWorker("w-ps-replacement"));
    JsonNode job = succeeded(id);
    List<String> ids = new ArrayList<>();
    job.path("tasks").forEach(t -> ids.add(t.path("task").asText() + ":" + t.path("state").asText()));
    assertThat(ids).anyMatch(t -> t.contains(".g2") && t.endsWith(":succeeded"));
    assertThat(ids).anyMatch(t -> t.contains(".g1") && t.endsWith(":cancelled"));
    assertThat(metrics(api.result(id)).get("accuracy")).isGreaterThan(0.9);
  }

  private static void assertUnauthenticated(Runnable call) {
    try {
      call.run();
      throw new AssertionError("the call was served");
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.getStatus().getDescription()).isEqualTo("missing or wrong cluster secret");
    }
  }

  private static List<String> memberIds() throws Exception {
    List<String> ids = new ArrayList<>();
    api.cluster().path("members").forEach(m -> ids.add(m.path("id").asText()));
    return ids;
  }

  @Test
  @Order(7)
  void aWorkerWithAWrongSecretExitsAtOnceAndNeverLeasesATask() throws Exception {
    // the good workers are frozen, so the job's tasks wait in the queue while the bad worker runs
    for (RoleProcess w : workers) {
      w.signal("STOP");
    }
    String id;
    RoleProcess.Exit bad;
    try {
      id = api.submit(forest(40, 8)).path("id").asText();
      // it is even told where the queue is: only registration stands between it and the tasks
      bad = RoleProcess.runToExit(env(), dir.resolve("w-bad.log"), Duration.ofSeconds(60), "worker",
          "--coordinator", "127.0.0.1:" + grpcPort, "--queue", queue, "--slots", "1", "--threads", "1", "--id",
          "w-bad", "--cache-dir", dir.resolve("cache-w-bad").toString(), "--cluster-secret", "not-the-cluster-secret");
      assertThat(api.job(id).path("tasks")).as("tasks while only the bad worker could lease").hasSize(8)
          .allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("queued"));
    } finally {
      for (RoleProcess w : workers) {
        w.signal("CONT");
      }
    }
    assertThat(bad.code()).as(bad.log()).isEqualTo(2);
    assertThat(bad.log()).contains("error: the coordinator refused this worker: missing or wrong cluster secret"
        + " (--cluster-secret / TRAINYARD_CLUSTER_SECRET)");
    assertThat(bad.stdout()).noneMatch(l -> l.contains("ready"));
    assertThat(bad.log()).doesNotContain("started with"); // the runtime's first line: it never leased
    JsonNode job = succeeded(id);
    assertThat(job.path("tasks")).hasSize(8)
        .allSatisfy(t -> assertThat(t.path("worker").asText()).isNotEqualTo("w-bad"));
    assertThat(memberIds()).doesNotContain("w-bad");
  }

  @Test
  @Order(8)
  void aWorkerOrShardWithoutASecretDoesNotStartAndSaysHowToGiveIt() throws Exception {
    String how = "needs the cluster secret: give --cluster-secret SECRET or --cluster-secret-file FILE, or set"
        + " TRAINYARD_CLUSTER_SECRET (the coordinator keeps it in DATA_DIR/cluster.secret)";
    RoleProcess.Exit worker = RoleProcess.runToExit(env(), dir.resolve("w-none.log"), Duration.ofSeconds(60), "worker",
        "--coordinator", "127.0.0.1:" + grpcPort, "--id", "w-none");
    assertThat(worker.code()).as(worker.log()).isEqualTo(2);
    assertThat(worker.log()).contains("error: a worker " + how);
    RoleProcess.Exit shard = RoleProcess.runToExit(env(), dir.resolve("ps-none.log"), Duration.ofSeconds(60), "ps",
        "--port", "0", "--coordinator", "127.0.0.1:" + grpcPort);
    assertThat(shard.code()).as(shard.log()).isEqualTo(2);
    assertThat(shard.log()).contains("error: a PS shard " + how);
    assertThat(memberIds()).doesNotContain("w-none");
  }

  @Test
  @Order(9)
  void aRawGrpcClientWithoutTheSecretIsUnauthenticatedOnRegisterAndFetchDataset() throws Exception {
    Path digits = TestDatasets.file("digits.csv");
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(digits)));
    FetchDatasetRequest fetch = FetchDatasetRequest.newBuilder().setSha256(sha).build();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    try {
      java.util.function.Supplier<ClusterGrpc.ClusterBlockingStub> raw =
          () -> ClusterGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
      assertUnauthenticated(() -> raw.get().register(RegisterRequest.newBuilder().setMemberId("intruder")
          .setKind(MemberKind.WORKER).setHost("evil").setSlots(8).build()));
      assertUnauthenticated(() -> raw.get().fetchDataset(fetch).hasNext());
      ClusterSecret wrong = ClusterSecret.of("not-the-cluster-secret");
      assertUnauthenticated(() -> raw.get().withInterceptors(wrong.clientInterceptor()).fetchDataset(fetch).hasNext());
      // the same request with the secret streams the file: what was refused is the caller, not the request
      long bytes = 0;
      for (var chunks = raw.get().withInterceptors(ClusterSecret.of(secret()).clientInterceptor()).fetchDataset(fetch);
          chunks.hasNext(); ) {
        bytes += chunks.next().getData().size();
      }
      assertThat(bytes).isEqualTo(Files.size(digits));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(memberIds()).doesNotContain("intruder");
  }

  @Test
  @Order(10)
  void aShardProcessRefusesPullsAndPushesWithoutTheSecretAndItsTableIsUnchanged() throws Exception {
    assertThat(shards).as("the PS shards of the earlier test").isNotEmpty();
    String shard = shards.get(0).readyLine.split(" ")[3].replace(",", "");
    dev.trainyard.ps.client.TableSpec table = dev.trainyard.ps.client.TableSpec.dense("auth-probe", "auth-probe", 4, 1)
        .withOptimizer("sgd", Map.of("learning_rate", 1.0));
    try (PsClient member = PsClient.connect(List.of(shard), PsClientOptions.defaults(ClusterSecret.of(secret())));
        PsClient intruder = PsClient.connect(List.of(shard), PsClientOptions.defaults())) {
      member.createTable(table);
      member.registerWorker("auth-probe", 0, 1, dev.trainyard.rpc.v1.Consistency.ASP, 0);
      member.push("auth-probe", 0, 0, 4, new float[] {1, 2, 3, 4});
      float[] before = new float[4];
      member.pull("auth-probe", 0, 4, before);
      intruder.attach(table);
      for (Runnable call : List.<Runnable>of(() -> intruder.push("auth-probe", 0, 0, 4, new float[] {9, 9, 9, 9}),
          () -> intruder.pull("auth-probe", 0, 4, new float[4]), () -> intruder.dropTable("auth-probe"))) {
        try {
          call.run();
          throw new AssertionError("the call was served");
        } catch (PsException e) {
          assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
      }
      float[] after = new float[4];
      member.pull("auth-probe", 0, 4, after);
      assertThat(after).containsExactly(before);
      member.dropTable("auth-probe");
    }
  }

  @Test
  @Order(11)
  void theGeneratedSecretIsOwnerOnlyAndLogsNameItsFileNeverTheSecret() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("coordinator-0.log")))
        .contains("cluster secret: " + secretFile.toAbsolutePath().normalize() + " (created, mode 0600)");
    String secret = secret();
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
        assertThat(Files.readString(log)).as(log.toString()).doesNotContain(secret);
      }
    }
  }
}
