package dev.trainyard.app.node;

import dev.trainyard.cluster.coordinator.ClusterServer;
import dev.trainyard.cluster.coordinator.ClusterService;
import dev.trainyard.cluster.coordinator.Coordinator;
import dev.trainyard.cluster.coordinator.CoordinatorConfig;
import dev.trainyard.cluster.coordinator.MemberRegistry;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.server.api.ApiConfig;
import dev.trainyard.server.api.ApiServer;
import dev.trainyard.server.auth.AuthService;
import dev.trainyard.server.store.JdbcJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A running coordinator: the SQL store, the task queue, the dataset repository, the job service,
 * the member registry with its gRPC endpoint, and the HTTP API. Started in that order, stopped in
 * reverse by {@link #close}.
 */
public final class CoordinatorNode implements AutoCloseable {
  /** Production's bcrypt cost: about 60 ms a hash on this class of machine. */
  private static final int BCRYPT_COST = 10;
  /** The first admin's password, when set; otherwise a random one is printed once on first start. */
  public static final String ADMIN_PASSWORD_ENV = "TRAINYARD_ADMIN_PASSWORD";

  private final JdbcJobStore store;
  private final AuthService auth;
  private final TaskQueue queue;
  private final MemberRegistry registry;
  private final Coordinator coordinator;
  private final ClusterServer grpc;
  private final ApiServer http;
  private final QueueUrl queueUrl;
  private final ClusterStatus status;
  private final dev.trainyard.cluster.telemetry.CoordinatorMetrics.Watch metrics;

  /** Settings of a coordinator node; {@code clusterSecret} is what members must send on gRPC. Immutable. */
  public record Settings(String host, int httpPort, int grpcPort, String db, QueueUrl queue, Path dataDir,
      Duration heartbeat, Duration heartbeatTimeout, long maxUploadBytes,
      dev.trainyard.rpc.auth.ClusterSecret clusterSecret) {}

  private CoordinatorNode(Settings s) {
    Clock clock = Clock.systemUTC();
    this.queueUrl = s.queue();
    this.store = s.db() == null || s.db().isBlank() ? JdbcJobStore.openH2File(s.dataDir())
        : JdbcJobStore.open(s.db(), null, null);
    TaskQueue q = null;
    ClusterServer g = null;
    Coordinator c = null;
    try {
      q = s.queue().open(clock);
      DatasetRepository datasets = new DatasetRepository(store, s.dataDir(), s.maxUploadBytes(), clock);
      registry = new MemberRegistry(clock, s.heartbeat(), s.heartbeatTimeout());
      c = new Coordinator(store, q, datasets, CoordinatorConfig.defaults(s.dataDir()).withClusterSecret(s.clusterSecret()), clock,
          registry,
          Coordinator.localFrames(datasets, 2)).start();
      g = ClusterServer.start(s.host(), s.grpcPort(), new ClusterService(registry, datasets,
          s.queue().memory() ? "memory" : s.queue().text()), s.clusterSecret());
      this.status = ClusterStatus.of(q, queueUrl.memory() ? "memory" : QueueUrl.withoutPassword(queueUrl.redisUrl()),
          registry, c::activeJobs, clock, dev.trainyard.ps.client.PsClientOptions.defaults(s.clusterSecret()));
      this.auth = new AuthService(store.auth(), clock, BCRYPT_COST);
      auth.bootstrapAdmin(Optional.ofNullable(System.getenv(ADMIN_PASSWORD_ENV))).ifPresent(pw -> {
        System.out.println("trainyard: first start: created user 'admin' with the one-time password " + pw
            + " (log in and change it; set " + ADMIN_PASSWORD_ENV + " to choose it)");
        System.out.flush();
      });
      this.http = ApiServer.start(ApiConfig.builder(c, store, datasets).auth(auth).host(s.host()).port(s.httpPort())
          .maxUploadBytes(s.maxUploadBytes()).clock(clock)
          .clusterStatus(status::snapshot).build());
      this.metrics = dev.trainyard.cluster.telemetry.CoordinatorMetrics.watch(q, c::activeJobs);
    } catch (IOException e) {
      closeQuietly(c, g, q, store);
      throw new UncheckedIOException("cannot start the coordinator's gRPC server: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(c, g, q, store);
      throw e;
    }
    this.queue = q;
    this.coordinator = c;
    this.grpc = g;
  }

  public static CoordinatorNode start(Settings s) {
    return new CoordinatorNode(s);
  }

  /** Users, sessions and tokens of this coordinator. */
  public AuthService auth() {
    return auth;
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  public TaskQueue queue() {
    return queue;
  }

  public MemberRegistry registry() {
    return registry;
  }

  public int httpPort() {
    return http.port();
  }

  public int grpcPort() {
    return grpc.port();
  }

  @Override
  public void close() {
    metrics.close();
    http.stop();
    status.close();
    grpc.stop(Duration.ofSeconds(5));
    coordinator.close();
    queue.close();
    store.close();
  }

  private static void closeQuietly(AutoCloseable... parts) {
    for (AutoCloseable p : parts) {
      if (p != null) {
        try {
          p.close();
        } catch (Exception ignored) {
          // start failed; the original error is what the user needs
        }
      }
    }
  }
}
