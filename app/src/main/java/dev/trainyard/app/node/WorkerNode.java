package dev.trainyard.app.node;

import dev.trainyard.cluster.coordinator.Coordinator;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.WorkerId;
import dev.trainyard.cluster.task.FrameCache;
import dev.trainyard.cluster.worker.CachedDatasetSource;
import dev.trainyard.cluster.worker.CoordinatorClient;
import dev.trainyard.cluster.worker.MembershipRefusedException;
import dev.trainyard.cluster.worker.MlTaskRunner;
import dev.trainyard.cluster.worker.WorkerConfig;
import dev.trainyard.cluster.worker.WorkerRuntime;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.Ticker;
import dev.trainyard.rpc.auth.ClusterSecret;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: its task slots ({@link WorkerRuntime}) on the task queue, and — for a worker
 * process — its membership at the coordinator (register, heartbeat, deregister) and the dataset
 * cache that downloads from it. A worker process opens the queue and leases only after the
 * coordinator accepted its registration (and its cluster secret); should the coordinator later
 * refuse the secret, {@link #refused} completes with the reason. {@link #close} drains running
 * tasks first.
 */
public final class WorkerNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  private static final Duration REGISTER_PATIENCE = Duration.ofSeconds(60);

  private final WorkerRuntime runtime;
  private final TaskQueue ownedQueue;
  private final CoordinatorClient client;
  private final ScheduledExecutorService heartbeats;
  private final String queueDescription;
  private final CompletableFuture<String> refused;

  /** Settings of a worker process; {@code queue} null means "the coordinator's queue". */
  public record Settings(String coordinator, String queue, int slots, int threads, Path cacheDir, String id,
      Duration drain, ClusterSecret clusterSecret) {}

  private WorkerNode(WorkerRuntime runtime, TaskQueue ownedQueue, CoordinatorClient client,
      ScheduledExecutorService heartbeats, String queueDescription, CompletableFuture<String> refused) {
    this.runtime = runtime;
    this.ownedQueue = ownedQueue;
    this.client = client;
    this.heartbeats = heartbeats;
    this.queueDescription = queueDescription;
    this.refused = refused;
  }

  /**
   * Worker slots inside the coordinator's JVM (standalone): the same queue, and the coordinator's
   * frame cache, so datasets are read in place and parsed once; {@code secret} is the platform's, for
   * the parameter-server shards its tasks use.
   */
  public static WorkerNode local(TaskQueue queue, Coordinator coordinator, int slots, int threads,
      ClusterSecret secret) {
    WorkerConfig config = WorkerConfig.of(new WorkerId("local-" + shortId()), slots, threads);
    MlTaskRunner runner = new MlTaskRunner(coordinator.frames(), Ticker.SYSTEM,
        java.util.Optional.of(coordinator.localModels()), secret);
    WorkerRuntime r = new WorkerRuntime(config, queue, runner, Ticker.SYSTEM,
        Clock.systemUTC()).start();
    return new WorkerNode(r, null, null, null, "in-process", new CompletableFuture<>());
  }

  /**
   * A worker process: registers with the coordinator (retrying while it starts), then opens the
   * queue and leases tasks. A coordinator that refuses its secret is a {@link MembershipRefusedException}
   * at once, before the queue is touched.
   */
  public static WorkerNode join(Settings s) throws InterruptedException {
    CoordinatorClient client = new CoordinatorClient(s.coordinator(), s.clusterSecret());
    String id = s.id() != null ? s.id() : host() + "-" + shortId();
    try {
      // registration comes first: only a member the coordinator accepted may lease tasks
      var reply = client.registerPatiently(id, false, host(), s.slots(), "", REGISTER_PATIENCE);
      String url = s.queue() != null ? s.queue() : reply.getQueueUrl();
      QueueUrl q = QueueUrl.parse(url);
      if (q.memory()) {
        throw new InvalidInputException("the coordinator at " + s.coordinator() + " runs an in-process queue, which"
            + " other processes cannot reach; start it with --queue redis://HOST:PORT (or give this worker --queue)");
      }
      TaskQueue queue = q.open(Clock.systemUTC());
      WorkerConfig config = new WorkerConfig(new WorkerId(id), s.slots(), s.threads(),
          Duration.ofMillis(reply.getHeartbeatTimeoutMillis()), Duration.ofMillis(reply.getHeartbeatIntervalMillis()),
          Duration.ofMillis(100), s.drain());
      MlTaskRunner runner = new MlTaskRunner(new FrameCache(new CachedDatasetSource(s.cacheDir(), client::download), 2),
          Ticker.SYSTEM, s.clusterSecret());
      WorkerRuntime runtime = new WorkerRuntime(config, queue, runner, Ticker.SYSTEM, Clock.systemUTC()).start();
      ScheduledExecutorService hb = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "member-heartbeat");
        t.setDaemon(true);
        return t;
      });
      long every = config.heartbeat().toMillis();
      CompletableFuture<String> refused = new CompletableFuture<>();
      hb.scheduleWithFixedDelay(() -> beat(client, runtime, id, s.slots(), refused), every, every,
          TimeUnit.MILLISECONDS);
      return new WorkerNode(runtime, queue, client, hb, q.redisUrl() + " (queue " + q.name() + ")", refused);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static void beat(CoordinatorClient client, WorkerRuntime runtime, String id, int slots,
      CompletableFuture<String> refused) {
    if (refused.isDone()) {
      return;
    }
    try {
      if (!client.heartbeat(id, runtime.runningTasks(), runtime.tasksDone())) {
        LOG.info("the coordinator does not know worker {} (it restarted?): registering again", id);
        client.register(id, false, host(), slots, "");
      }
      dev.trainyard.cluster.telemetry.WorkerMetrics.heartbeat(true);
    } catch (StatusRuntimeException e) {
      dev.trainyard.cluster.telemetry.WorkerMetrics.heartbeat(false);
      LOG.warn("heartbeat to the coordinator failed: {}", e.getStatus());
    } catch (MembershipRefusedException e) {
      // e.g. the coordinator restarted with another secret: this worker is no longer a member
      LOG.error("{}; worker {} stops leasing", e.getMessage(), id);
      if (refused.complete(e.getMessage())) {
        Thread stop = new Thread(runtime::stop, "worker-refused"); // drains; not on the heartbeat thread
        stop.setDaemon(true);
        stop.start();
      }
    }
  }

  /** Completes with the reason once the coordinator refuses this worker's secret (it stops leasing then). */
  public CompletableFuture<String> refused() {
    return refused;
  }

  public String id() {
    return runtime.config().id().value();
  }

  public String queueDescription() {
    return queueDescription;
  }

  public WorkerRuntime runtime() {
    return runtime;
  }

  @Override
  public void close() {
    runtime.stop();
    if (heartbeats != null) {
      heartbeats.shutdownNow();
    }
    if (client != null) {
      try {
        client.deregister(id());
      } catch (StatusRuntimeException | MembershipRefusedException e) {
        LOG.debug("deregister failed: {}", e.toString());
      }
      client.close();
    }
    if (ownedQueue != null) {
      ownedQueue.close();
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
    } catch (java.net.UnknownHostException e) {
      return "worker";
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
