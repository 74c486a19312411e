package dev.trainyard.app.node;

import dev.trainyard.cluster.coordinator.Coordinator;
import dev.trainyard.cluster.queue.TaskQueue;
import dev.trainyard.cluster.queue.WorkerId;
import dev.trainyard.cluster.task.FrameCache;
import dev.trainyard.cluster.worker.CachedDatasetSource;
import dev.trainyard.cluster.worker.CoordinatorClient;
import dev.trainyard.cluster.worker.MlTaskRunner;
import dev.trainyard.cluster.worker.WorkerConfig;
import dev.trainyard.cluster.worker.WorkerRuntime;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.Ticker;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: its task slots ({@link WorkerRuntime}) on the task queue, and — for a worker
 * process — its membership at the coordinator (register, heartbeat, deregister) and the dataset
 * cache that downloads from it. {@link #close} drains running tasks first.
 */
public final class WorkerNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  private static final Duration REGISTER_PATIENCE = Duration.ofSeconds(60);

  private final WorkerRuntime runtime;
  private final TaskQueue ownedQueue;
  private final CoordinatorClient client;
  private final ScheduledExecutorService heartbeats;
  private final String queueDescription;

  /** Settings of a worker process; {@code queue} null means "the coordinator's queue". */
  public record Settings(String coordinator, String queue, int slots, int threads, Path cacheDir, String id,
      Duration drain) {}

  private WorkerNode(WorkerRuntime runtime, TaskQueue ownedQueue, CoordinatorClient client,
      ScheduledExecutorService heartbeats, String queueDescription) {
    this.runtime = runtime;
    this.ownedQueue = ownedQueue;
    this.client = client;
    this.heartbeats = heartbeats;
    this.queueDescription = queueDescription;
  }

  /**
   * Worker slots inside the coordinator's JVM (standalone): the same queue, and the coordinator's
   * frame cache, so datasets are read in place and parsed once.
   */
  public static WorkerNode local(TaskQueue queue, Coordinator coordinator, int slots, int threads) {
    WorkerConfig config = WorkerConfig.of(new WorkerId("local-" + shortId()), slots, threads);
    MlTaskRunner runner = new MlTaskRunner(coordinator.frames(), Ticker.SYSTEM,
        java.util.Optional.of(coordinator.localModels()));
    WorkerRuntime r = new WorkerRuntime(config, queue, runner, Ticker.SYSTEM,
        Clock.systemUTC()).start();
    return new WorkerNode(r, null, null, null, "in-process");
  }

  /** A worker process: registers with the coordinator (retrying while it starts), then leases tasks. */
  public static WorkerNode join(Settings s) throws InterruptedException {
    CoordinatorClient client = new CoordinatorClient(s.coordinator());
    String id = s.id() != null ? s.id() : host() + "-" + shortId();
    try {
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
          Ticker.SYSTEM);
      WorkerRuntime runtime = new WorkerRuntime(config, queue, runner, Ticker.SYSTEM, Clock.systemUTC()).start();
      ScheduledExecutorService hb = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "member-heartbeat");
        t.setDaemon(true);
        return t;
      });
      long every = config.heartbeat().toMillis();
      hb.scheduleWithFixedDelay(() -> beat(client, runtime, id, s.slots()), every, every, TimeUnit.MILLISECONDS);
      return new WorkerNode(runtime, queue, client, hb, q.redisUrl() + " (queue " + q.name() + ")");
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static void beat(CoordinatorClient client, WorkerRuntime runtime, String id, int slots) {
    try {
      if (!client.heartbeat(id, runtime.runningTasks(), runtime.tasksDone())) {
        LOG.info("the coordinator does not know worker {} (it restarted?): registering again", id);
        client.register(id, false, host(), slots, "");
      }
    } catch (StatusRuntimeException e) {
      LOG.warn("heartbeat to the coordinator failed: {}", e.getStatus());
    }
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
      } catch (StatusRuntimeException e) {
        LOG.debug("deregister failed: {}", e.getStatus());
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
