package dev.trainyard.app.node;

import dev.trainyard.cluster.coordinator.Coordinator;
import dev.trainyard.cluster.coordinator.CoordinatorConfig;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.queue.RetryPolicy;
import dev.trainyard.cluster.queue.memory.InMemoryTaskQueue;
import dev.trainyard.cluster.task.FrameCache;
import dev.trainyard.server.store.JdbcJobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The platform inside one command ({@code trainyard train}): an in-memory H2 store, the
 * in-process queue, a coordinator and one local worker slot with all the threads, in a temporary
 * data directory deleted on {@link #close}. No network endpoints of its own; the parameter-server
 * shards a task starts in process, and the running ones it names, are called with the platform's
 * cluster secret. A failed task is not retried (one attempt): the command reports the error at once.
 */
public final class EmbeddedPlatform implements AutoCloseable {
  private final Path dir;
  private final JdbcJobStore store;
  private final InMemoryTaskQueue queue;
  private final Coordinator coordinator;
  private final WorkerNode worker;

  private EmbeddedPlatform(Path dir, JdbcJobStore store, InMemoryTaskQueue queue, Coordinator coordinator,
      WorkerNode worker) {
    this.dir = dir;
    this.store = store;
    this.queue = queue;
    this.coordinator = coordinator;
    this.worker = worker;
  }

  /** A platform whose in-process parts share a freshly generated cluster secret. */
  public static EmbeddedPlatform start(int threads) {
    return start(threads, dev.trainyard.rpc.auth.ClusterSecret.generate());
  }

  /** A platform whose tasks call parameter-server shards with {@code secret} (running shards need theirs). */
  public static EmbeddedPlatform start(int threads, dev.trainyard.rpc.auth.ClusterSecret secret) {
    Path dir;
    try {
      dir = Files.createTempDirectory("trainyard-embedded-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    Clock clock = Clock.systemUTC();
    JdbcJobStore store = JdbcJobStore.open("jdbc:h2:mem:embedded-" + UUID.randomUUID()
        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", null, null);
    InMemoryTaskQueue queue = new InMemoryTaskQueue(clock, RetryPolicy.DEFAULT);
    DatasetRepository datasets = new DatasetRepository(store, dir, Long.MAX_VALUE, clock);
    FrameCache frames = Coordinator.localFrames(datasets, 2);
    CoordinatorConfig config = new CoordinatorConfig(dir, Duration.ofMillis(20), 1e9, Duration.ofDays(1), 1, false)
        .withClusterSecret(secret);
    Coordinator coordinator = new Coordinator(store, queue, datasets, config, clock,
        dev.trainyard.cluster.coordinator.ClusterView.NONE, frames).start();
    WorkerNode worker = WorkerNode.local(queue, coordinator, 1, threads, secret);
    return new EmbeddedPlatform(dir, store, queue, coordinator, worker);
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  @Override
  public void close() {
    worker.close();
    coordinator.close();
    queue.close();
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }
}
