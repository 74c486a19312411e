package dev.trainyard.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainyard.cluster.coordinator.MemberRegistry;
import dev.trainyard.cluster.queue.JobId;
import dev.trainyard.cluster.queue.Priority;
import dev.trainyard.cluster.queue.RetryPolicy;
import dev.trainyard.cluster.queue.TaskId;
import dev.trainyard.cluster.queue.TaskSpec;
import dev.trainyard.cluster.queue.memory.InMemoryTaskQueue;
import dev.trainyard.ps.client.PsClient;
import dev.trainyard.ps.client.PsClientOptions;
import dev.trainyard.ps.client.TableSpec;
import dev.trainyard.ps.server.PsServer;
import dev.trainyard.ps.server.PsServerConfig;
import dev.trainyard.rpc.auth.ClusterSecret;
import dev.trainyard.rpc.v1.JobStats;
import dev.trainyard.rpc.v1.StatsReply;
import dev.trainyard.rpc.v1.TableStats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStatusTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration DEADLINE = Duration.ofMillis(300);

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final CountDownLatch release = new CountDownLatch(1);
  private InMemoryTaskQueue queue;
  private MemberRegistry registry;

  @BeforeEach
  void start() {
    queue = new InMemoryTaskQueue(Clock.fixed(T0, ZoneOffset.UTC), RetryPolicy.DEFAULT);
    registry = new MemberRegistry(Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(1), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
    queue.close();
  }

  /** The status as seen 2.5 s after every member's last heartbeat. */
  private ClusterStatus status(ClusterStatus.ShardStats shards) {
    return new ClusterStatus(queue, "memory", registry, () -> 1, Clock.fixed(T0.plusMillis(2500), ZoneOffset.UTC),
        shards, pool, DEADLINE);
  }

  private static StatsReply answer() {
    return StatsReply.newBuilder()
        .addTables(TableStats.newBuilder().setName("job-1/weights").setJobId("job-1").setSize(1000).setCols(10)
            .setStep(42).setOptimizer("adam"))
        .addTables(TableStats.newBuilder().setName("job-1/bias").setJobId("job-1").setSize(10).setCols(1))
        .addJobs(JobStats.newBuilder().setJobId("job-1")).setCheckpoints(2).build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> byId(Object list, String id) {
    for (Object o : (List<Object>) list) {
      Map<String, Object> m = (Map<String, Object>) o;
      if (m.get("id").equals(id)) {
        return m;
      }
    }
    throw new AssertionError("no " + id + " in " + list);
  }

  @Test
  void workersShowTheirHeartbeatAgeAndRunningTasksAndTheQueueItsDepthPerPriority() {
    registry.register("w1", "worker", "host-a", 2, "");
    registry.heartbeat("w1", List.of("job-1/t0", "job-1/t1"), 5);
    queue.enqueue(TaskSpec.of(new JobId("job-2"), new TaskId("t0"), "{}").withPriority(Priority.HIGH));
    queue.enqueue(TaskSpec.of(new JobId("job-2"), new TaskId("t1"), "{}"));
    queue.enqueue(TaskSpec.of(new JobId("job-2"), new TaskId("t2"), "{}"));

    Map<String, Object> s = status(a -> answer()).snapshot();

    assertThat(s.get("queue")).isEqualTo("memory");
    assertThat(s.get("queue_depth")).isEqualTo(Map.of("low", 0L, "normal", 2L, "high", 1L));
    assertThat(s.get("active_jobs")).isEqualTo(1);
    Map<String, Object> w = byId(s.get("workers"), "w1");
    assertThat(w.get("heartbeat_age_seconds")).isEqualTo(2.5);
    assertThat(w.get("running_tasks")).isEqualTo(List.of("job-1/t0", "job-1/t1"));
    assertThat(w.get("tasks_done")).isEqualTo(5L);
    assertThat(w.get("alive")).isEqualTo(true);
    assertThat(byId(s.get("members"), "w1").get("heartbeat_age_seconds")).isEqualTo(2.5);
  }

  @Test
  void aShardShowsItsTablesAndTheMemoryTheirParametersTake() {
    registry.register("ps-0", "ps", "host-b", 0, "127.0.0.1:7001");

    Map<String, Object> shard = byId(status(a -> answer()).snapshot().get("ps_shards"), "ps-0");

    assertThat(shard.get("reachable")).isEqualTo(true);
    assertThat(shard.get("error")).isNull();
    assertThat(shard.get("table_count")).isEqualTo(2);
    assertThat(shard.get("parameter_bytes")).isEqualTo((1000L * 10 + 10) * 4);
    @SuppressWarnings("unchecked")
    Map<String, Object> weights = ((List<Map<String, Object>>) shard.get("tables")).get(0);
    assertThat(weights).containsEntry("name", "job-1/weights").containsEntry("optimizer", "adam")
        .containsEntry("step", 42L).containsEntry("bytes", 40_000L);
    assertThat(shard.get("jobs")).isEqualTo(List.of("job-1"));
    assertThat(shard.get("checkpoints")).isEqualTo(2L);
  }

  @Test
  void aShardThatHangsIsReportedUnreachableAfterTheDeadlineWhileTheOthersAnswer() {
    registry.register("ps-0", "ps", "host-b", 0, "127.0.0.1:7001");
    registry.register("ps-1", "ps", "host-c", 0, "127.0.0.1:7002");
    ClusterStatus.ShardStats shards = address -> {
      if (address.endsWith("7002")) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return answer();
    };

    Map<String, Object> s = status(shards).snapshot();

    assertThat(byId(s.get("ps_shards"), "ps-0").get("reachable")).isEqualTo(true);
    Map<String, Object> hung = byId(s.get("ps_shards"), "ps-1");
    assertThat(hung.get("reachable")).isEqualTo(false);
    assertThat(hung.get("error")).isEqualTo("did not answer within the deadline");
    assertThat(hung.get("tables")).isEqualTo(List.of());
  }

  @Test
  void aShardWithNothingListeningIsReportedWithTheGrpcError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    registry.register("ps-0", "ps", "host-b", 0, "127.0.0.1:" + port);
    try (ClusterStatus.PsShardStats grpc = new ClusterStatus.PsShardStats(
        PsClientOptions.defaults().withDeadline(Duration.ofSeconds(2)))) {

      Map<String, Object> shard = byId(new ClusterStatus(queue, "memory", registry, () -> 0,
          Clock.fixed(T0, ZoneOffset.UTC), grpc, pool, Duration.ofSeconds(5)).snapshot().get("ps_shards"), "ps-0");

      assertThat(shard.get("reachable")).isEqualTo(false);
      assertThat((String) shard.get("error")).contains("UNAVAILABLE");
    }
  }

  @Test
  void aRealShardIsAskedWithTheClusterSecretAndOneWithAnotherSecretIsReportedUnauthenticated() throws Exception {
    ClusterSecret secret = ClusterSecret.of("cluster-status-test-secret");
    PsServer good = PsServer.start(PsServerConfig.of("127.0.0.1", 0, secret));
    PsServer other = PsServer.start(PsServerConfig.of("127.0.0.1", 0, ClusterSecret.of("another-cluster-secret")));
    try (PsClient client = PsClient.connect(List.of(good.address()), PsClientOptions.defaults(secret));
        ClusterStatus status = ClusterStatus.of(queue, "memory", registry, () -> 0, Clock.systemUTC(),
            PsClientOptions.defaults(secret))) {
      client.createTable(TableSpec.dense("job-7/w", "job-7", 100, 8));
      registry.register("ps-0", "ps", "host-b", 0, good.address());
      registry.register("ps-1", "ps", "host-c", 0, other.address());

      Map<String, Object> s = status.snapshot();

      Map<String, Object> answered = byId(s.get("ps_shards"), "ps-0");
      assertThat(answered.get("reachable")).isEqualTo(true);
      assertThat(answered.get("parameter_bytes")).isEqualTo(100L * 8 * 4);
      @SuppressWarnings("unchecked")
      Map<String, Object> table = ((List<Map<String, Object>>) answered.get("tables")).get(0);
      assertThat(table).containsEntry("name", "job-7/w").containsEntry("job_id", "job-7").containsEntry("cols", 8);
      Map<String, Object> refused = byId(s.get("ps_shards"), "ps-1");
      assertThat(refused.get("reachable")).isEqualTo(false);
      assertThat((String) refused.get("error")).startsWith("UNAUTHENTICATED: missing or wrong cluster secret");
    } finally {
      good.shutdownNow().awaitTermination(Duration.ofSeconds(5));
      other.shutdownNow().awaitTermination(Duration.ofSeconds(5));
    }
  }

  @Test
  void theCoordinatorsClusterEndpointShowsItsRegisteredShardWithTablesToAnAdmin(@TempDir Path dir) throws Exception {
    ClusterSecret secret = ClusterSecret.of("cluster-status-node-secret");
    PsServer shard = PsServer.start(PsServerConfig.of("127.0.0.1", 0, secret));
    try (CoordinatorNode node = CoordinatorNode.start(new CoordinatorNode.Settings("127.0.0.1", 0, 0, null,
            QueueUrl.parse("memory"), dir, Duration.ofSeconds(1), Duration.ofSeconds(5), 1L << 20, secret));
        PsClient client = PsClient.connect(List.of(shard.address()), PsClientOptions.defaults(secret))) {
      client.createTable(TableSpec.dense("job-9/w", "job-9", 10, 2));
      node.registry().register("ps-0", "ps", "127.0.0.1", 0, shard.address());
      String token = node.auth().createToken("admin", "test", Optional.empty(), "admin", "test").plaintext();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest.Builder get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/cluster"));

      HttpResponse<String> r = http.send(get.header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode c = new ObjectMapper().readTree(r.body());
      assertThat(c.get("queue").asText()).isEqualTo("memory");
      assertThat(c.get("queue_depth").get("high").asLong()).isZero();
      JsonNode ps = c.get("ps_shards").get(0);
      assertThat(ps.get("reachable").asBoolean()).as(ps.toString()).isTrue();
      assertThat(ps.get("tables").get(0).get("name").asText()).isEqualTo("job-9/w");
      assertThat(ps.get("parameter_bytes").asLong()).isEqualTo(80);
    } finally {
      shard.shutdownNow().awaitTermination(Duration.ofSeconds(5));
    }
  }

  @Test
  void aShardThatMissedItsHeartbeatsIsNotAsked() {
    MovingClock clock = new MovingClock(T0);
    registry = new MemberRegistry(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));
    registry.register("ps-0", "ps", "host-b", 0, "127.0.0.1:7001");
    clock.now = T0.plusSeconds(60);
    int[] asked = {0};

    Map<String, Object> shard = byId(new ClusterStatus(queue, "memory", registry, () -> 0, clock, a -> {
      asked[0]++;
      return answer();
    }, pool, DEADLINE).snapshot().get("ps_shards"), "ps-0");

    assertThat(asked[0]).isZero();
    assertThat(shard.get("alive")).isEqualTo(false);
    assertThat(shard.get("reachable")).isEqualTo(false);
    assertThat(shard.get("error")).isEqualTo("missed its heartbeats; not asked");
    assertThat(shard.get("heartbeat_age_seconds")).isEqualTo(60.0);
  }

  /** A clock the test moves by hand. */
  private static final class MovingClock extends Clock {
    volatile Instant now;

    MovingClock(Instant start) {
      this.now = start;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
